package io.taskgovernor.enforce;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.testing.CapturedLogs;
import io.taskgovernor.testing.FakeTasksApi;
import io.taskgovernor.testing.ManualClock;
import io.taskgovernor.testing.ManualPassScheduler;
import io.taskgovernor.testing.TaskBuilder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The poller's scheduling, driven by hand on a manual clock: no wall-clock waits, exact instants. */
class ClusterPollerTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final ClusterConnection CLUSTER = new ClusterConnection(URI.create("http://es-a:9200"),
            ClusterCredentials.NONE, null, Duration.ofSeconds(10));

    private final ManualClock clock = new ManualClock(T0);
    private final ManualPassScheduler scheduler = new ManualPassScheduler(clock);
    private final FakeTasksApi cluster = new FakeTasksApi().listing(() -> new TaskListing(clock.instant(), List.of(), List.of()));
    private final List<Pass> passes = new CopyOnWriteArrayList<>();
    private final ClusterPoller poller = new ClusterPoller(CLUSTER, cluster, scheduler, clock,
            (c, governed, result) -> passes.add(new Pass(governed, result)), ClusterPoller.CLOSE_WAIT);

    private record Pass(List<CompiledPolicy> governed, PassResult result) {}

    private static CompiledPolicy searches(String name, Duration interval) {
        return policy(name).interval(interval).rule(rule("s", Duration.ofSeconds(30), "indices:data/read/search*").build()).build();
    }

    private final CompiledPolicy a = searches("a", Duration.ofSeconds(10));
    private final CompiledPolicy b = searches("b", Duration.ofSeconds(10));

    @Test
    void updatesBeforeAPassCoalesceIntoOneLookAtTheLatestPolicies() {
        poller.update(List.of(a));
        poller.update(List.of(a, b));
        poller.update(List.of(b));

        assertThat(scheduler.appointments()).containsExactly(T0);
        scheduler.runNext();

        assertThat(cluster.calls("list")).hasSize(1);
        assertThat(passes).singleElement().satisfies(p -> assertThat(p.governed()).containsExactly(b));
    }

    @Test
    void afterAPassTheNextComesAtTheShortestIntervalAndAnUpdateBringsItForward() {
        poller.update(List.of(a, searches("fast", Duration.ofSeconds(3))));
        scheduler.runNext();
        assertThat(scheduler.appointments()).containsExactly(T0.plusSeconds(3));

        clock.advance(Duration.ofSeconds(1));
        poller.update(List.of(a));

        assertThat(scheduler.appointments()).as("brought forward to now, not added").containsExactly(T0.plusSeconds(1));
        scheduler.runNext();
        assertThat(scheduler.appointments()).containsExactly(T0.plusSeconds(11));
    }

    @Test
    void anUpdateRightAfterAListingWaitsOutTheListingFloor() {
        cluster.listing(() -> {
            clock.advance(Duration.ofMillis(200)); // the pass takes 200 ms
            return new TaskListing(clock.instant(), List.of(), List.of());
        });
        poller.update(List.of(a));
        scheduler.runNext();

        poller.update(List.of(a, b));

        assertThat(scheduler.appointments()).containsExactly(T0.plus(ClusterPoller.LIST_FLOOR));
        scheduler.runNext();
        assertThat(cluster.calls("list")).hasSize(2);
        assertThat(passes.get(1).governed()).containsExactly(a, b);
    }

    @Test
    void theNextPassComesJustAfterTheNextDeadlineWhenThatIsBeforeTheInterval() {
        Instant started = T0.minusSeconds(10);
        cluster.listing(() -> new TaskListing(clock.instant(), List.of(task("n:1")
                .running(Duration.between(started, clock.instant())).build()), List.of()));
        poller.update(List.of(searches("slow", Duration.ofMinutes(1))));

        scheduler.runNext();
        assertThat(passes.get(0).result().decisions()).isEmpty();
        Instant deadline = started.plusSeconds(30);
        assertThat(scheduler.appointments()).containsExactly(deadline.plus(GovernancePass.DEADLINE_MARGIN));

        scheduler.runNext();
        assertThat(passes.get(1).result().decisions()).singleElement().satisfies(d -> {
            assertThat(d.task().id()).isEqualTo("n:1");
            assertThat(d.decidedAt()).isEqualTo(deadline.plus(GovernancePass.DEADLINE_MARGIN));
            assertThat(d.overshoot()).isEqualTo(GovernancePass.DEADLINE_MARGIN);
        });
        assertThat(cluster.calls("list")).as("cancelled by id on the last listing").hasSize(1);
        assertThat(passes.get(1).result().listed()).isFalse();
        assertThat(scheduler.appointments()).as("the next listing, an interval after the last")
                .containsExactly(T0.plusSeconds(60));
    }

    /**
     * 200 tasks whose deadlines come 30 ms apart over 6 s (the staggered deadlines): before,
     * every deadline brought a list call, 20 a second. Each is still cancelled within 100 ms of it,
     * and list calls start at least a second apart.
     */
    @Test
    void manyStaggeredDeadlinesAreMetWithoutListingMoreThanOnceASecond() {
        Duration maxRuntime = Duration.ofSeconds(30);
        Map<String, Instant> starts = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            starts.put("n:" + i, T0.minus(maxRuntime).plusSeconds(2).plusMillis(30L * i));
        }
        List<Instant> listings = new CopyOnWriteArrayList<>();
        cluster.listing(() -> {
            listings.add(clock.instant());
            Set<String> cancelled = cancelledIds();
            return new TaskListing(clock.instant(), starts.entrySet().stream()
                    .map(e -> running(e.getKey(), e.getValue(), cancelled.contains(e.getKey()))).toList(), List.of());
        });
        CompiledPolicy policy = policy("staggered").interval(Duration.ofSeconds(15))
                .rule(rule("s", maxRuntime, "indices:data/read/search*").build()).build();
        poller.update(List.of(policy));

        while (scheduler.appointments().get(0).isBefore(T0.plusSeconds(20))) {
            scheduler.runNext();
        }

        for (int i = 1; i < listings.size(); i++) {
            assertThat(Duration.between(listings.get(i - 1), listings.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(listings).as("at the start and an interval later").containsExactly(T0, T0.plusSeconds(15));
        List<Decision> decisions = passes.stream().flatMap(p -> p.result().decisions().stream()).toList();
        assertThat(decisions).extracting(d -> d.task().id()).containsExactlyInAnyOrderElementsOf(starts.keySet());
        assertThat(cluster.calls("cancel")).hasSize(200);
        for (Decision d : decisions) {
            Instant deadline = starts.get(d.task().id()).plus(maxRuntime);
            assertThat(Duration.between(deadline, d.decidedAt())).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
        }
    }

    /**
     * Between listings the decision rules hold as in a listed pass: a search and its shard child cross
     * their limit together and only the search is cancelled (the tree rule), by id.
     */
    @Test
    void aDeadlineBetweenListingsCancelsTheTopmostViolatorByIdOnly() {
        Instant parentStart = T0.minusSeconds(25);
        cluster.listing(() -> new TaskListing(clock.instant(), List.of(
                running("n:1", parentStart, false),
                task("n:2").parent("n:1").action("indices:data/read/search[phase/query]")
                        .running(Duration.between(parentStart.plusMillis(10), clock.instant())).build()), List.of()));
        poller.update(List.of(searches("tree", Duration.ofSeconds(15))));
        scheduler.runNext();

        scheduler.runNext();

        assertThat(cluster.calls("list")).hasSize(1);
        assertThat(cluster.calls("cancel")).extracting(FakeTasksApi.Call::taskId).containsExactly("n:1");
        assertThat(passes.get(1).result().policies().get(0).evaluation().covered())
                .extracting(v -> v.task().id()).containsExactly("n:2");
        assertThat(scheduler.appointments()).as("the child sets no deadline under its cancelled parent")
                .containsExactly(T0.plusSeconds(15));
    }

    /**
     * A task seen at the listing that finished before its deadline: its cancel finds nothing
     * ({@code ALREADY_FINISHED}, one request to one node); its child ends with it, so no cancel is
     * sent for the child at the child's deadline; the other task is cancelled at its own.
     */
    @Test
    void aTaskThatFinishedSinceTheListingIsAlreadyFinishedAndNothingElseIsCancelled() {
        Instant start = T0.minusSeconds(25);
        cluster.listing(() -> new TaskListing(clock.instant(), List.of(
                running("n:1", start, false),
                task("n:1c").parent("n:1").action("indices:data/read/search[phase/query]")
                        .running(Duration.between(start.plusSeconds(1), clock.instant())).build(),
                running("n:2", start.plusSeconds(3), false)), List.of()));
        cluster.onCancel("n:1", () -> new CancelResult(CancelResult.Status.NOT_FOUND, null));
        poller.update(List.of(searches("finished", Duration.ofSeconds(15))));
        scheduler.runNext();

        scheduler.runNext();
        assertThat(passes.get(1).result().decisions()).singleElement().satisfies(d -> {
            assertThat(d.task().id()).isEqualTo("n:1");
            assertThat(d.outcome()).isEqualTo(Outcome.ALREADY_FINISHED);
        });
        assertThat(scheduler.appointments()).as("n:1c ended with n:1: the next deadline is n:2's")
                .containsExactly(start.plusSeconds(33).plus(GovernancePass.DEADLINE_MARGIN));

        scheduler.runNext();
        assertThat(passes.get(2).result().decisions()).singleElement().satisfies(d -> {
            assertThat(d.task().id()).isEqualTo("n:2");
            assertThat(d.outcome()).isEqualTo(Outcome.CANCEL_REQUESTED);
        });
        assertThat(cluster.calls("cancel")).extracting(FakeTasksApi.Call::taskId).containsExactly("n:1", "n:2");
        assertThat(cluster.calls("list")).hasSize(1);
    }

    private Set<String> cancelledIds() {
        return cluster.calls("cancel").stream().map(FakeTasksApi.Call::taskId).collect(Collectors.toSet());
    }

    private io.taskgovernor.elasticsearch.RunningTask running(String id, Instant start, boolean cancelled) {
        TaskBuilder builder = task(id).running(Duration.between(start, clock.instant()));
        return (cancelled ? builder.cancelled() : builder).build();
    }

    @Test
    void aFailedListingIsHandedOverAndRetriedAtTheShortestInterval() {
        cluster.listing(() -> {
            throw new ClusterUnavailableException("list tasks: connection refused", null);
        });
        poller.update(List.of(searches("slow", Duration.ofMinutes(1)), searches("fast", Duration.ofSeconds(3))));

        scheduler.runNext();

        assertThat(passes).singleElement().satisfies(p -> {
            assertThat(p.result().failure()).hasMessageContaining("connection refused");
            assertThat(p.governed()).extracting(CompiledPolicy::name).containsExactly("slow", "fast");
        });
        assertThat(scheduler.appointments()).containsExactly(T0.plusSeconds(3));
    }

    @Test
    void anUnexpectedExceptionIsLoggedAndRetriedAtTheShortestInterval() {
        cluster.listing(() -> {
            throw new IllegalStateException("a bug");
        });
        poller.update(List.of(searches("slow", Duration.ofMinutes(1)), searches("fast", Duration.ofSeconds(3))));

        try (CapturedLogs logs = new CapturedLogs()) {
            scheduler.runNext();
            assertThat(logs.all()).contains("ERROR io.taskgovernor.enforce.ClusterPoller pass on http://es-a:9200 failed unexpectedly")
                    .contains("a bug");
        }

        assertThat(passes).isEmpty();
        assertThat(scheduler.appointments()).containsExactly(T0.plusSeconds(3));
    }

    @Test
    void aListenerThatThrowsDoesNotStopThePolling() {
        ClusterPoller failing = new ClusterPoller(CLUSTER, cluster, scheduler, clock, (c, governed, result) -> {
            throw new IllegalStateException("status could not be written");
        }, ClusterPoller.CLOSE_WAIT);
        failing.update(List.of(a));

        scheduler.runNext();

        assertThat(scheduler.appointments()).containsExactly(T0.plusSeconds(10));
    }

    @Test
    void noPolicyLeftDropsThePendingPass() {
        poller.update(List.of(a));
        scheduler.runNext();

        poller.update(List.of());

        assertThat(scheduler.appointments()).isEmpty();
    }

    @Test
    void closeDropsThePendingPassClosesTheClientAndLaterUpdatesScheduleNothing() {
        poller.update(List.of(a));
        scheduler.runNext();

        poller.close();
        poller.update(List.of(a, b));

        assertThat(scheduler.isShutDown()).isTrue();
        assertThat(scheduler.appointments()).isEmpty();
        assertThat(cluster.closed()).isTrue();
        assertThat(cluster.calls("list")).hasSize(1);
    }

    @Test
    void closeWhileAPassRunsInterruptsItWaitsForItAndOnlyThenClosesTheClient() throws Exception {
        CountDownLatch listing = new CountDownLatch(1);
        AtomicBoolean clientOpenWhenThePassEnded = new AtomicBoolean();
        cluster.listing(() -> {
            listing.countDown();
            try {
                new CountDownLatch(1).await(); // a cluster that never answers; only an interrupt ends this
                throw new AssertionError("unreachable");
            } catch (InterruptedException e) {
                clientOpenWhenThePassEnded.set(!cluster.closed());
                // what the Elasticsearch client does when the thread waiting for an answer is interrupted
                throw new RuntimeException("thread waiting for the response was interrupted", e);
            }
        });
        poller.update(List.of(a));
        CompletableFuture<Instant> running = CompletableFuture.supplyAsync(scheduler::runNext);
        listing.await();

        try (CapturedLogs logs = new CapturedLogs()) {
            poller.close();
            running.join(); // would rethrow a RejectedExecutionException had the pass scheduled another after close
            assertThat(logs.all()).as("the interruption is ours, not a bug").doesNotContain("ERROR io.taskgovernor");
        }

        assertThat(clientOpenWhenThePassEnded).isTrue();
        assertThat(cluster.closed()).isTrue();
        assertThat(passes).isEmpty();
        assertThat(scheduler.appointments()).isEmpty();
    }

    @Test
    void aPassThatEndsAfterCloseWithAFailureDoesNotReportIt() throws Exception {
        CountDownLatch listing = new CountDownLatch(1);
        cluster.listing(() -> {
            listing.countDown();
            try {
                new CountDownLatch(1).await();
                throw new AssertionError("unreachable");
            } catch (InterruptedException e) {
                throw new ClusterUnavailableException("list tasks: interrupted", e);
            }
        });
        poller.update(List.of(a));
        CompletableFuture<Instant> running = CompletableFuture.supplyAsync(scheduler::runNext);
        listing.await();

        poller.close();
        running.join();

        assertThat(passes).as("the cluster did not fail; the poller was closed").isEmpty();
    }

    @Test
    void aPassThatCompletesDespiteCloseStillHandsOverTheCancellationsItSent() throws Exception {
        CountDownLatch listing = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        cluster.listing(() -> {
            listing.countDown();
            // a call that does not notice the interrupt and answers anyway
            boolean interrupted = false;
            while (true) {
                try {
                    answer.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return new TaskListing(clock.instant(), List.of(task("n:1").runningSeconds(40).build()), List.of());
        });
        poller.update(List.of(a));
        CompletableFuture<Instant> running = CompletableFuture.supplyAsync(scheduler::runNext);
        listing.await();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(poller::close);
        await().atMost(Duration.ofSeconds(5)).until(scheduler::isShutDown);
        assertThat(closing).as("close waits for the running pass").isNotDone();
        answer.countDown();
        closing.join();
        running.join();

        assertThat(cluster.calls("cancel")).singleElement().satisfies(c -> assertThat(c.taskId()).isEqualTo("n:1"));
        assertThat(passes).singleElement().satisfies(p ->
                assertThat(p.result().decisions()).extracting(d -> d.task().id()).containsExactly("n:1"));
        assertThat(scheduler.appointments()).isEmpty();
        assertThat(cluster.closed()).isTrue();
    }
}
