package io.taskgovernor.enforce;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.AwaitResult;
import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ElasticsearchError;
import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.PolicyKey;
import io.taskgovernor.testing.FakeTasksApi;
import io.taskgovernor.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GovernancePassTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final ManualClock clock = new ManualClock(NOW);
    private final FakeTasksApi cluster = new FakeTasksApi();

    private final CompiledPolicy searches = policy("searches").interval(Duration.ofSeconds(30))
            .rule(rule("s", Duration.ofSeconds(10), "indices:data/read/search*").build()).build();
    private final CompiledPolicy reindex = policy("reindex").interval(Duration.ofSeconds(60))
            .rule(rule("r", Duration.ofMinutes(5), "indices:data/write/reindex").build()).build();

    @Test
    void onePassListsOnceForAllPoliciesAndEachPolicyActsOnItsOwnTasks() {
        cluster.listing(() -> new TaskListing(NOW, List.of(
                task("n:1").runningSeconds(11).build(),
                task("n:2").action("indices:data/write/reindex").runningSeconds(301).build()), List.of()));

        PassResult result = new GovernancePass(clock).run(List.of(searches, reindex), cluster);

        assertThat(cluster.calls("list")).singleElement()
                .satisfies(c -> assertThat(c.opaqueId()).isEqualTo("task-governor/list"));
        assertThat(cluster.queries().get(0).actions())
                .containsExactly("indices:data/read/search*", "indices:data/write/reindex", "*[c]");
        assertThat(result.decisions()).extracting(d -> d.policy() + ":" + d.task().id())
                .containsExactlyInAnyOrder("searches:n:1", "reindex:n:2");
    }

    @Test
    void aTaskTwoPoliciesChooseIsCancelledOnceByTheFirstByKey() {
        CompiledPolicy strict = policy("strict").rule(rule("s", Duration.ofSeconds(5), "indices:*").build()).build();
        cluster.listing(() -> new TaskListing(NOW, List.of(task("n:1").runningSeconds(11).build()), List.of()));

        PassResult result = new GovernancePass(clock).run(List.of(strict, searches), cluster);

        assertThat(cluster.calls("cancel")).singleElement().satisfies(c -> assertThat(c.opaqueId()).isEqualTo("task-governor/searches"));
        assertThat(result.decisions()).extracting(Decision::policy).containsExactly(new PolicyKey(null, "searches"));
        assertThat(result.policies().get(1).evaluation().covered()).hasSize(1);
    }

    /** The issue's {@code run -f audit.yaml -f enforce.yaml --once}: a dry-run catch-all given first. */
    @Test
    void aDryRunPolicyGivenFirstDoesNotKeepAnEnforcingOneFromCancelling() {
        CompiledPolicy audit = policy("audit").dryRun().rule(rule("all", Duration.ofSeconds(1), "*").build()).build();
        CompiledPolicy enforce = policy("enforce").rule(rule("s", Duration.ofSeconds(3), "indices:data/read/search*").build()).build();
        cluster.listing(() -> new TaskListing(NOW, List.of(
                task("n:1").runningSeconds(8).build(),
                task("n:2").action("cluster:monitor/health").runningSeconds(8).build()), List.of()));

        PassResult result = new GovernancePass(clock).run(List.of(audit, enforce), cluster);

        assertThat(cluster.calls("cancel")).singleElement().satisfies(c -> {
            assertThat(c.taskId()).isEqualTo("n:1");
            assertThat(c.opaqueId()).isEqualTo("task-governor/enforce");
        });
        assertThat(result.decisions()).extracting(d -> d.policy() + ":" + d.task().id() + ":" + d.outcome())
                .containsExactly("enforce:n:1:CANCEL_REQUESTED", "audit:n:2:DRY_RUN");
    }

    /** Two waiting policies of 30 s: one window of 30 s for the pass, not 30 s each. */
    @Test
    void thePassWaitsNoLongerThanTheLargestWaitTimeoutHoweverManyPoliciesWait() {
        CompiledPolicy first = policy("a").waitFor(Duration.ofSeconds(30))
                .rule(rule("s", Duration.ofSeconds(1), "indices:data/read/search*").build()).build();
        CompiledPolicy second = policy("b").waitFor(Duration.ofSeconds(30))
                .rule(rule("h", Duration.ofSeconds(1), "cluster:monitor/health").build()).build();
        cluster.listing(() -> new TaskListing(NOW, List.of(
                task("n:1").runningSeconds(8).build(),
                task("n:2").action("cluster:monitor/health").runningSeconds(8).build()), List.of()));
        // Each task ignores its cancellation for the whole wait it is given, as a terms aggregation does.
        cluster.onAwait("n:1", () -> {
            clock.advance(Duration.ofSeconds(30));
            return AwaitResult.STILL_RUNNING;
        });
        cluster.onAwait("n:2", () -> AwaitResult.STILL_RUNNING);

        PassResult result = new GovernancePass(clock).run(List.of(first, second), cluster);

        assertThat(cluster.calls("await")).extracting(FakeTasksApi.Call::waited)
                .containsExactly(Duration.ofSeconds(30), Duration.ofMillis(1));
        assertThat(result.duration()).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theNextCheckIsTheShortestIntervalWhenNoDeadlineComesSooner() {
        cluster.listing(() -> new TaskListing(NOW, List.of(), List.of()));

        PassResult result = new GovernancePass(clock).run(List.of(searches, reindex), cluster);

        assertThat(result.nextCheck()).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void theNextCheckIsJustAfterTheNextDeadlineWhenItComesBeforeTheInterval() {
        cluster.listing(() -> new TaskListing(NOW, List.of(task("n:1").runningSeconds(4).build()), List.of()));

        PassResult result = new GovernancePass(clock).run(List.of(searches), cluster);

        assertThat(result.nextCheck()).isEqualTo(NOW.plusSeconds(6).plus(GovernancePass.DEADLINE_MARGIN));
    }

    @Test
    void aFailedListingIsReportedAndRetriedAtTheInterval() {
        cluster.listing(() -> {
            throw new ClusterUnavailableException("list tasks: connection refused", null);
        });

        PassResult result = new GovernancePass(clock).run(List.of(searches), cluster);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).hasMessageContaining("connection refused");
        assertThat(result.nextCheck()).isEqualTo(NOW.plusSeconds(30));
        assertThat(cluster.calls("cancel")).isEmpty();
    }

    @Test
    void aPassWhoseCancelsAreRefusedOnAuthorizationSaysSoAndOneThatCancelsSaysTheRightWorks() {
        cluster.listing(() -> new TaskListing(NOW, List.of(task("n:1").runningSeconds(11).build()), List.of()))
                .onCancel("n:1", () -> {
                    throw new ElasticsearchError("cancel task n:1 on http://es:9200", 403, "security_exception", null);
                });

        PassResult refused = new GovernancePass(clock).run(List.of(searches), cluster);
        cluster.onCancel("n:1", CancelResult::accepted);
        PassResult accepted = new GovernancePass(clock).run(List.of(searches), cluster);

        assertThat(refused.succeeded()).as("the listing worked").isTrue();
        assertThat(refused.cancelRefusal()).hasValueSatisfying(r -> assertThat(r.httpStatus()).isEqualTo(403));
        assertThat(refused.cancelAuthorized()).isFalse();
        assertThat(accepted.cancelRefusal()).isEmpty();
        assertThat(accepted.cancelAuthorized()).isTrue();
    }

    @Test
    void aFailedNodeResolutionFailsThePassLikeAFailedListing() {
        CompiledPolicy warm = policy("warm").interval(Duration.ofSeconds(30))
                .rule(rule("w", Duration.ofSeconds(10), "indices:data/read/search*").nodes("warm-*").build()).build();
        cluster.nodes(spec -> {
            throw new ClusterUnavailableException("resolve nodes warm-*: connection refused", null);
        }).listing(() -> new TaskListing(NOW, List.of(task("n:1").runningSeconds(11).build()), List.of()));

        PassResult result = new GovernancePass(clock).run(List.of(warm, searches), cluster);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).hasMessageContaining("resolve nodes warm-*");
        assertThat(result.nextCheck()).isEqualTo(NOW.plusSeconds(30));
        assertThat(cluster.calls("list")).isEmpty();
        assertThat(cluster.calls("cancel")).isEmpty();
    }

    @Test
    void aRuleWhoseNodesSelectNoNodeIsReportedAndTheOtherRulesStillAct() {
        CompiledPolicy mixed = policy("mixed")
                .rule(rule("typo", Duration.ofSeconds(1), "indices:data/read/search*").nodes("wram-*").build())
                .rule(rule("s", Duration.ofSeconds(10), "indices:data/read/search*").build()).build();
        cluster.nodes(spec -> Set.of()).listing(() -> new TaskListing(NOW, List.of(
                task("n:1").runningSeconds(5).build(), task("n:2").runningSeconds(11).build()), List.of()));

        PassResult result = new GovernancePass(clock).run(List.of(mixed), cluster);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.decisions()).extracting(d -> d.task().id() + "/" + d.rule()).containsExactly("n:2/s");
        assertThat(result.policies().get(0).warnings()).containsExactly(
                "rule typo: nodes [wram-*] select no node of the cluster, so the rule matches no task");
    }

    @Test
    void theListingIsNarrowedToTheResolvedIdsWhenEveryRuleNamesNodes() {
        CompiledPolicy warm = policy("warm")
                .rule(rule("w", Duration.ofSeconds(10), "indices:data/read/search*").nodes("tier:warm").build()).build();
        cluster.nodes(spec -> Set.of("w1")).listing(() -> new TaskListing(NOW, List.of(
                task("w1:1").runningSeconds(11).build()), List.of()));

        PassResult result = new GovernancePass(clock).run(List.of(warm), cluster);

        assertThat(cluster.queries()).singleElement().satisfies(q -> assertThat(q.nodes()).containsExactly("w1"));
        assertThat(result.decisions()).extracting(d -> d.task().id()).containsExactly("w1:1");
        assertThat(result.policies().get(0).warnings()).isEmpty();
    }

    @Test
    void aPassReusesTheResolutionOfThePassBeforeWithinItsTtl() {
        CompiledPolicy warm = policy("warm")
                .rule(rule("w", Duration.ofSeconds(10), "indices:data/read/search*").nodes("tier:warm").build()).build();
        cluster.nodes(spec -> Set.of("w1")).listing(() -> new TaskListing(NOW, List.of(), List.of()));
        GovernancePass pass = new GovernancePass(clock);

        pass.run(List.of(warm), cluster);
        clock.advance(Duration.ofSeconds(1));
        pass.run(List.of(warm), cluster);

        assertThat(cluster.calls("nodes")).hasSize(1);
        assertThat(cluster.calls("list")).hasSize(2);
    }

    /**
     * A pass between listings decides as a fresh listing at the same instant would: the last listing
     * advanced by 1 s, judged with the same overlapping policies (enforcing with maxPerRun 1, a
     * stricter dry run), tree, protected persistent parent, not-cancellable and lingering tasks, gives
     * the same decisions as listing those tasks 1 s later; only the list call is missing.
     */
    @Test
    void aPassOnTheLastListingDecidesAsAFreshListingAtTheSameInstant() {
        CompiledPolicy enforce = policy("enforce").interval(Duration.ofSeconds(30)).maxPerRun(1)
                .rule(rule("s", Duration.ofSeconds(10), "indices:data/read/search*").build()).build();
        CompiledPolicy audit = policy("audit").dryRun().interval(Duration.ofSeconds(30))
                .rule(rule("a", Duration.ofMillis(9_800), "indices:data/read/search*").build()).build();
        List<CompiledPolicy> policies = List.of(audit, enforce);
        cluster.listing(() -> new TaskListing(clock.instant(), tasksRunningFor(Duration.ZERO), List.of()));
        GovernancePass pass = new GovernancePass(clock);
        pass.run(policies, cluster);

        clock.advance(Duration.ofSeconds(1));
        PassResult between = pass.runOnLastListing(policies, cluster, clock.instant());

        FakeTasksApi listedAgain = new FakeTasksApi()
                .listing(() -> new TaskListing(clock.instant(), tasksRunningFor(Duration.ofSeconds(1)), List.of()));
        PassResult fresh = new GovernancePass(clock).run(policies, listedAgain);

        assertThat(cluster.calls("list")).hasSize(1);
        assertThat(between.listed()).isFalse();
        assertThat(between.requests()).isEqualTo(new ElasticsearchRequests(0, 0, 1, 0));
        assertThat(fresh.requests()).isEqualTo(new ElasticsearchRequests(1, 0, 1, 0));
        assertThat(decisionsOf(between)).isEqualTo(decisionsOf(fresh)).contains(
                "enforce n:2 CANCEL_REQUESTED", "enforce n:4 NOT_CANCELLABLE", "audit n:1 DRY_RUN")
                .noneMatch(d -> d.contains("n:1c") || d.contains("n:3") || d.contains("n:5"));
        assertThat(between.policies()).extracting(r -> r.evaluation().deferred().size() + " deferred, "
                + r.evaluation().covered().size() + " covered, " + r.evaluation().lingering().size() + " lingering")
                .isEqualTo(fresh.policies().stream().map(r -> r.evaluation().deferred().size() + " deferred, "
                        + r.evaluation().covered().size() + " covered, " + r.evaluation().lingering().size() + " lingering").toList());
    }

    /** A search with its shard child, an older search, a search under a persistent task, a not-cancellable and a lingering one. */
    private static List<io.taskgovernor.elasticsearch.RunningTask> tasksRunningFor(Duration extra) {
        return List.of(
                task("n:1").running(Duration.ofMillis(9_200).plus(extra)).build(),
                task("n:1c").parent("n:1").action("indices:data/read/search[phase/query]")
                        .running(Duration.ofMillis(9_100).plus(extra)).build(),
                task("n:2").running(Duration.ofMillis(9_500).plus(extra)).build(),
                task("p:1").action("data_frame/transforms[c]").type("persistent").running(Duration.ofHours(1).plus(extra)).build(),
                task("n:3").parent("p:1").running(Duration.ofMillis(9_500).plus(extra)).build(),
                task("n:4").notCancellable().running(Duration.ofMillis(9_500).plus(extra)).build(),
                task("n:5").cancelled().running(Duration.ofSeconds(12).plus(extra)).build());
    }

    private static List<String> decisionsOf(PassResult result) {
        return result.decisions().stream().map(d -> d.policy() + " " + d.task().id() + " " + d.outcome()).toList();
    }
}
