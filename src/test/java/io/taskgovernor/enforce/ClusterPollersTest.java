package io.taskgovernor.enforce;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.policy.PolicyKey;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.testing.FakeTasksApi;
import io.taskgovernor.testing.ManualClock;
import io.taskgovernor.testing.ManualPassScheduler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The registry of pollers: which poller governs which policy, and when pollers start and stop. */
class ClusterPollersTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final ClusterConnection A = cluster("http://es-a:9200");
    private static final ClusterConnection B = cluster("http://es-b:9200");

    private final ManualClock clock = new ManualClock(T0);
    private final Map<ClusterConnection, FakeTasksApi> clients = new ConcurrentHashMap<>();
    private final Map<ClusterConnection, ManualPassScheduler> schedulers = new ConcurrentHashMap<>();
    private final List<Pass> passes = new CopyOnWriteArrayList<>();
    private final ClusterPollers pollers = new ClusterPollers(
            c -> clients.computeIfAbsent(c, x -> new FakeTasksApi().listing(() -> new TaskListing(clock.instant(), List.of(), List.of()))),
            c -> schedulers.computeIfAbsent(c, x -> new ManualPassScheduler(clock)),
            clock, (cluster, governed, result) -> passes.add(new Pass(cluster, governed.stream().map(p -> p.key().toString()).toList())),
            ClusterPoller.CLOSE_WAIT);

    private record Pass(ClusterConnection cluster, List<String> governed) {}

    private static ClusterConnection cluster(String url) {
        return new ClusterConnection(URI.create(url), ClusterCredentials.NONE, null, Duration.ofSeconds(10));
    }

    private static CompiledPolicy searches(String name) {
        return policy(name).interval(Duration.ofSeconds(10))
                .rule(rule("s", Duration.ofSeconds(30), "indices:data/read/search*").build()).build();
    }

    @Test
    void aPolicyMovingToAnotherClusterClosesTheOldPollerAndTheNewOneGovernsIt() {
        pollers.assign(searches("p"), A);
        schedulers.get(A).runNext();

        pollers.assign(searches("p"), B);

        assertThat(clients.get(A).closed()).isTrue();
        assertThat(schedulers.get(A).isShutDown()).isTrue();
        assertThat(pollers.pollerCount()).isEqualTo(1);
        schedulers.get(B).runNext();
        assertThat(passes).containsExactly(new Pass(A, List.of("p")), new Pass(B, List.of("p")));
    }

    @Test
    void aPolicyLeavingAClusterOthersStillUseLeavesThatPollerToThem() {
        pollers.assign(searches("p"), A);
        pollers.assign(searches("q"), A);
        schedulers.get(A).runNext();

        pollers.assign(searches("p"), B);

        assertThat(clients.get(A).closed()).isFalse();
        assertThat(pollers.pollerCount()).isEqualTo(2);
        schedulers.get(A).runNext();
        assertThat(passes).last().isEqualTo(new Pass(A, List.of("q")));
    }

    @Test
    void removingTheLastPolicyOfAClusterClosesItsPoller() {
        pollers.assign(searches("p"), A);

        pollers.remove(new PolicyKey(null, "p"));

        assertThat(pollers.pollerCount()).isZero();
        assertThat(clients.get(A).closed()).isTrue();
        assertThat(schedulers.get(A).appointments()).isEmpty();
    }

    @Test
    void reassigningAnUnchangedPolicyLeavesTheScheduleAlone() {
        pollers.assign(searches("p"), A);
        schedulers.get(A).runNext();

        pollers.assign(searches("p"), A); // what every reconcile after a pass does

        assertThat(schedulers.get(A).appointments()).containsExactly(T0.plusSeconds(10));
    }

    @Test
    void aPollerIsGivenItsPoliciesSortedByKeyWhateverOrderTheyArrivedIn() {
        List<String> keys = List.of("search/zeta", "ops/mid", "search/alpha", "apps/b", "apps/a", "ops/aa");
        for (String key : keys) {
            pollers.assign(namespaced(key), A);
        }

        schedulers.get(A).runNext();

        assertThat(passes).singleElement().satisfies(p -> assertThat(p.governed())
                .containsExactly("apps/a", "apps/b", "ops/aa", "ops/mid", "search/alpha", "search/zeta"));
    }

    private static CompiledPolicy namespaced(String key) {
        CompiledPolicy p = searches(key.substring(key.indexOf('/') + 1));
        return new CompiledPolicy(new PolicyKey(key.substring(0, key.indexOf('/')), p.name()), p.cluster(), p.interval(),
                p.dryRun(), p.suspended(), p.rules(), p.cancellation(), p.audit());
    }

    @Test
    void closeWhileAPassRunsEndsItAndClosesEveryPoller() throws Exception {
        CountDownLatch listing = new CountDownLatch(1);
        clients.put(A, new FakeTasksApi().listing(() -> {
            listing.countDown();
            try {
                new CountDownLatch(1).await(); // a cluster that never answers; only an interrupt ends this
                throw new AssertionError("unreachable");
            } catch (InterruptedException e) {
                throw new RuntimeException("thread waiting for the response was interrupted", e);
            }
        }));
        pollers.assign(searches("p"), A);
        pollers.assign(searches("q"), B);
        CompletableFuture<Instant> running = CompletableFuture.supplyAsync(() -> schedulers.get(A).runNext());
        listing.await();

        pollers.close();
        running.join();

        assertThat(pollers.pollerCount()).isZero();
        assertThat(clients.values()).allSatisfy(c -> assertThat(c.closed()).isTrue());
        assertThat(schedulers.values()).allSatisfy(s -> assertThat(s.appointments()).isEmpty());
        assertThat(passes).isEmpty();
    }

    @Test
    void anAssignAfterCloseStartsNothing() {
        pollers.close();

        pollers.assign(searches("p"), A);

        assertThat(pollers.pollerCount()).isZero();
        assertThat(clients).isEmpty();
        assertThat(schedulers).isEmpty();
    }
}
