package io.taskgovernor.policy;

import static io.taskgovernor.testing.Evaluations.evaluate;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskDeciderTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String SEARCH = "indices:data/read/search*";


    private static TaskListing listing(RunningTask... tasks) {
        return new TaskListing(NOW, List.of(tasks), List.of());
    }

    private static CompiledPolicy searchesOver(Duration max) {
        return policy("p").rule(rule("searches", max, SEARCH).build()).build();
    }

    private static List<String> ids(List<Violation> violations) {
        return violations.stream().map(v -> v.task().id()).toList();
    }

    @Test
    void aRootTaskOverItsLimitIsChosenWithItsOvershoot() {
        Evaluation evaluation = evaluate(searchesOver(Duration.ofSeconds(10)),
                listing(task("n:1").runningSeconds(15).build(), task("n:2").runningSeconds(5).build()));

        assertThat(ids(evaluation.toCancel())).containsExactly("n:1");
        assertThat(evaluation.toCancel().get(0).overshoot()).isEqualTo(Duration.ofSeconds(5));
        assertThat(evaluation.governed()).isEqualTo(2);
    }

    @Test
    void aTaskExactlyAtItsLimitIsNotYetAViolation() {
        Evaluation evaluation = evaluate(searchesOver(Duration.ofSeconds(10)),
                listing(task("n:1").runningSeconds(10).build()));

        assertThat(evaluation.toCancel()).isEmpty();
        assertThat(evaluation.nextDeadline()).contains(NOW);
    }

    @Test
    void tasksOfOtherActionsAreNotGoverned() {
        Evaluation evaluation = evaluate(searchesOver(Duration.ofSeconds(1)),
                listing(task("n:1").action("indices:data/write/reindex").runningSeconds(100).build()));

        assertThat(evaluation.governed()).isZero();
        assertThat(evaluation.toCancel()).isEmpty();
    }

    @Test
    void childTasksAreNeverChosenOnlyTheirRootOnce() {
        RunningTask root = task("a:1").runningSeconds(30).build();
        RunningTask shard1 = task("a:2").action("indices:data/read/search[phase/query]").parent("a:1").runningSeconds(29).build();
        RunningTask shard2 = task("b:7").action("indices:data/read/search[phase/query]").parent("a:1").runningSeconds(29).build();

        Evaluation evaluation = evaluate(searchesOver(Duration.ofSeconds(10)), listing(shard1, root, shard2));

        assertThat(ids(evaluation.toCancel())).containsExactly("a:1");
    }

    /** Kibana's async search once its {@code async_search/submit} parent has returned (issue 7, item 2). */
    @Test
    void aChildWhoseParentIsNotListedIsJudgedOnItsOwn() {
        RunningTask orphan = task("b:7").parent("b:1").runningSeconds(150).build();
        RunningTask shard = task("b:8").action("indices:data/read/search[phase/query]").parent("b:7").runningSeconds(149).build();

        Evaluation evaluation = evaluate(searchesOver(Duration.ofMinutes(2)), listing(orphan, shard));

        assertThat(ids(evaluation.toCancel())).containsExactly("b:7");
        assertThat(ids(evaluation.covered())).containsExactly("b:8");
    }

    /** An {@code _msearch} item: its root does not match the rule, the item does (issue 7, item 1). */
    @Test
    void anMsearchItemOverItsLimitIsChosenUnderASearchRule() {
        RunningTask msearch = task("a:1").action("indices:data/read/msearch").runningSeconds(8).build();
        RunningTask slow = task("a:2").parent("a:1").runningSeconds(8).build();
        RunningTask fast = task("a:3").parent("a:1").runningSeconds(1).build();
        RunningTask shard = task("a:4").action("indices:data/read/search[phase/query]").parent("a:2").runningSeconds(8).build();

        Evaluation evaluation = evaluate(searchesOver(Duration.ofSeconds(3)), listing(msearch, slow, fast, shard));

        assertThat(ids(evaluation.toCancel())).containsExactly("a:2");
        assertThat(ids(evaluation.covered())).containsExactly("a:4");
        assertThat(evaluation.governed()).isEqualTo(3);
    }

    @Test
    void aSlicedReindexIsCancelledOnceThroughItsParent() {
        CompiledPolicy reindex = policy("p").rule(rule("r", Duration.ofMinutes(30), "indices:data/write/reindex*").build()).build();
        RunningTask parent = task("a:1").action("indices:data/write/reindex").runningSeconds(3600).build();
        RunningTask slice0 = task("a:2").action("indices:data/write/reindex").parent("a:1").runningSeconds(3599).build();
        RunningTask slice1 = task("a:3").action("indices:data/write/reindex").parent("a:1").runningSeconds(3599).build();

        Evaluation evaluation = evaluate(reindex, listing(slice0, parent, slice1));

        assertThat(ids(evaluation.toCancel())).containsExactly("a:1");
        assertThat(ids(evaluation.covered())).containsExactlyInAnyOrder("a:2", "a:3");
        assertThat(evaluation.violations()).isEqualTo(1);
    }

    @Test
    void descendantsOfProtectedTasksAreProtected() {
        CompiledPolicy everything = policy("p").rule(rule("all", Duration.ofSeconds(1), "*").build()).build();
        RunningTask transform = task("a:1").action("data_frame/transforms[c]").type("persistent").runningSeconds(9000).build();
        RunningTask itsSearch = task("a:2").parent("a:1").runningSeconds(90).build();
        RunningTask ownCancel = task("a:3").action("cluster:admin/tasks/cancel").opaqueId("task-governor/p").runningSeconds(5).build();
        RunningTask ban = task("b:4").action("internal:admin/tasks/ban").parent("a:3").runningSeconds(5).build();

        Evaluation evaluation = evaluate(everything, listing(transform, itsSearch, ownCancel, ban));

        assertThat(evaluation.governed()).isZero();
        assertThat(evaluation.violations()).isZero();
    }

    @Test
    void underAnAlreadyCancelledAncestorNothingIsCancelledOrReportedAgain() {
        RunningTask root = task("a:1").cancelled().runningSeconds(60).build();
        RunningTask child = task("a:2").parent("a:1").runningSeconds(60).build();

        Evaluation evaluation = evaluate(searchesOver(Duration.ofSeconds(10)), listing(root, child));

        assertThat(ids(evaluation.lingering())).containsExactly("a:1");
        assertThat(evaluation.toCancel()).isEmpty();
        assertThat(ids(evaluation.covered())).containsExactly("a:2");
    }

    @Test
    void aCancellableChildOfANotCancellableViolatorIsCancelledItself() {
        CompiledPolicy everything = policy("p").rule(rule("all", Duration.ofSeconds(1), "*").build()).build();
        RunningTask root = task("a:1").action("cluster:monitor/nodes/hot_threads").notCancellable().runningSeconds(60).build();
        RunningTask child = task("a:2").action("cluster:monitor/nodes/hot_threads[n]").parent("a:1").runningSeconds(60).build();

        Evaluation evaluation = evaluate(everything, listing(root, child));

        assertThat(ids(evaluation.notCancellable())).containsExactly("a:1");
        assertThat(ids(evaluation.toCancel())).containsExactly("a:2");
    }

    @Test
    void aDeferredTreeWaitsWholeAndItsChildrenAreNotCancelledInItsStead() {
        CompiledPolicy capped = policy("p").rule(rule("s", Duration.ofSeconds(1), SEARCH).build()).maxPerRun(1).build();
        RunningTask older = task("a:1").runningSeconds(90).build();
        RunningTask younger = task("a:2").runningSeconds(60).build();
        RunningTask youngerShard = task("a:3").action("indices:data/read/search[phase/query]").parent("a:2").runningSeconds(60).build();

        Evaluation evaluation = evaluate(capped, listing(older, younger, youngerShard));

        assertThat(ids(evaluation.toCancel())).containsExactly("a:1");
        assertThat(ids(evaluation.deferred())).containsExactly("a:2");
        assertThat(ids(evaluation.covered())).containsExactly("a:3");
    }

    @Test
    void tasksInATreeBeingCancelledSetNoDeadline() {
        RunningTask root = task("a:1").action("indices:data/read/msearch").runningSeconds(60).build();
        RunningTask young = task("a:2").parent("a:1").runningSeconds(1).build();
        CompiledPolicy policy = policy("p").rule(rule("m", Duration.ofSeconds(30), "indices:data/read/msearch").build())
                .rule(rule("s", Duration.ofSeconds(30), SEARCH).build()).build();

        Evaluation evaluation = evaluate(policy, listing(root, young));

        assertThat(ids(evaluation.toCancel())).containsExactly("a:1");
        assertThat(evaluation.nextDeadline()).isEmpty();
    }

    @Test
    void aChildIsNotCancelledBesideAnAncestorThatAnotherEnforcingPolicyCancels() {
        CompiledPolicy items = policy("a-items").rule(rule("s", Duration.ofSeconds(3), SEARCH).build()).build();
        CompiledPolicy whole = policy("b-whole").rule(rule("m", Duration.ofSeconds(3), "indices:data/read/msearch").build()).build();
        RunningTask msearch = task("a:1").action("indices:data/read/msearch").runningSeconds(8).build();
        RunningTask item = task("a:2").parent("a:1").runningSeconds(8).build();

        List<Evaluation> evaluations = evaluate(List.of(whole, items), listing(msearch, item));

        assertThat(evaluations).extracting(e -> e.policy().key().toString()).containsExactly("a-items", "b-whole");
        assertThat(ids(evaluations.get(0).toCancel())).isEmpty();
        assertThat(ids(evaluations.get(0).covered())).containsExactly("a:2");
        assertThat(ids(evaluations.get(1).toCancel())).containsExactly("a:1");
    }

    /** "0-apps/team" sorts before "ClusterTaskPolicy/platform" as text: the kind, not the text, puts the platform first. */
    @Test
    void aClusterTaskPolicyActsBeforeTheTaskPoliciesItOverlapsAndDryRunStillComesLast() {
        CompiledPolicy platform = policy("platform").clusterScoped().rule(rule("s", Duration.ofSeconds(5), SEARCH).build()).build();
        CompiledPolicy team = policy("team").namespace("0-apps").rule(rule("s", Duration.ofSeconds(3), SEARCH).build()).build();
        RunningTask search = task("a:1").runningSeconds(8).build();

        List<Evaluation> enforcing = evaluate(List.of(team, platform), listing(search));

        assertThat(enforcing).extracting(e -> e.policy().key().toString()).containsExactly("ClusterTaskPolicy/platform", "0-apps/team");
        assertThat(ids(enforcing.get(0).toCancel())).containsExactly("a:1");
        assertThat(ids(enforcing.get(1).toCancel())).as("no task is cancelled twice").isEmpty();

        List<Evaluation> platformDryRun = evaluate(List.of(platform.asDryRun(), team), listing(search));

        assertThat(platformDryRun).extracting(e -> e.policy().key().toString()).containsExactly("0-apps/team", "ClusterTaskPolicy/platform");
        assertThat(ids(platformDryRun.get(0).toCancel())).containsExactly("a:1");
        assertThat(ids(platformDryRun.get(1).toCancel())).isEmpty();
        assertThat(ids(platformDryRun.get(1).covered())).containsExactly("a:1");
    }

    @Test
    void aDryRunPolicyReportsWhatItWouldCancelButNotWhatAnEnforcingPolicyCancels() {
        CompiledPolicy audit = policy("audit").dryRun().rule(rule("all", Duration.ofSeconds(1), "*").build()).build();
        CompiledPolicy enforce = policy("enforce").rule(rule("s", Duration.ofSeconds(3), SEARCH).build()).build();
        RunningTask search = task("a:1").runningSeconds(8).build();
        RunningTask health = task("a:2").action("cluster:monitor/health").runningSeconds(8).build();

        List<Evaluation> evaluations = evaluate(List.of(audit, enforce), listing(search, health));

        assertThat(evaluations).extracting(e -> e.policy().key().toString()).containsExactly("enforce", "audit");
        assertThat(ids(evaluations.get(0).toCancel())).containsExactly("a:1");
        assertThat(ids(evaluations.get(1).toCancel())).containsExactly("a:2");
        assertThat(ids(evaluations.get(1).covered())).containsExactly("a:1");
    }

    @Test
    void persistentTasksAreNeverTouchedEvenByACatchAllRule() {
        CompiledPolicy everything = policy("p").rule(rule("all", Duration.ofMillis(1), "*").build()).build();
        RunningTask healthNode = task("n:3").action("health-node[c]").type("persistent").runningSeconds(86_400).build();

        Evaluation evaluation = evaluate(everything, listing(healthNode));

        assertThat(evaluation.violations()).isZero();
        assertThat(evaluation.governed()).isZero();
    }

    @Test
    void theGovernorsOwnRequestsAreNeverTouched() {
        CompiledPolicy everything = policy("p").rule(rule("all", Duration.ofMillis(1), "*").build()).build();
        RunningTask ownListing = task("n:4").action("cluster:monitor/tasks/lists")
                .opaqueId("task-governor/list").runningSeconds(60).build();

        assertThat(evaluate(everything, listing(ownListing)).violations()).isZero();
    }

    @Test
    void notCancellableViolatorsAreReportedButNotChosen() {
        CompiledPolicy everything = policy("p").rule(rule("all", Duration.ofSeconds(1), "cluster:*").build()).build();
        RunningTask hotThreads = task("n:5").action("cluster:monitor/nodes/hot_threads").notCancellable()
                .runningSeconds(5).build();

        Evaluation evaluation = evaluate(everything, listing(hotThreads));

        assertThat(evaluation.toCancel()).isEmpty();
        assertThat(ids(evaluation.notCancellable())).containsExactly("n:5");
    }

    @Test
    void alreadyCancelledTasksAreLingeringNotChosenAgain() {
        RunningTask cancelled = task("n:6").cancelled().runningSeconds(42).build();

        Evaluation evaluation = evaluate(searchesOver(Duration.ofSeconds(10)), listing(cancelled));

        assertThat(evaluation.toCancel()).isEmpty();
        assertThat(ids(evaluation.lingering())).containsExactly("n:6");
        assertThat(evaluation.lingering().get(0).overshoot()).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void theStrictestOfOverlappingRulesDecides() {
        CompiledPolicy overlapping = policy("p")
                .rule(rule("lenient", Duration.ofMinutes(5), "indices:*").build())
                .rule(rule("strict", Duration.ofSeconds(30), SEARCH).build())
                .build();

        Evaluation evaluation = evaluate(overlapping, listing(task("n:1").runningSeconds(60).build()));

        assertThat(evaluation.toCancel()).singleElement().satisfies(v -> {
            assertThat(v.rule().name()).isEqualTo("strict");
            assertThat(v.overshoot()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void excludedOpaqueIdsAreNotMatchedByThatRule() {
        CompiledPolicy policy = policy("p")
                .rule(rule("searches", Duration.ofSeconds(1), SEARCH).excludeOpaqueIds("kibana-*").build()).build();

        Evaluation evaluation = evaluate(policy, listing(
                task("n:1").opaqueId("kibana-alerting").runningSeconds(60).build(),
                task("n:2").opaqueId("batch-42").runningSeconds(60).build(),
                task("n:3").runningSeconds(60).build()));

        assertThat(ids(evaluation.toCancel())).containsExactly("n:2", "n:3");
    }

    @Test
    void opaqueIdPatternsNarrowARuleAndATaskWithoutOneDoesNotMatch() {
        CompiledPolicy policy = policy("p")
                .rule(rule("batch", Duration.ofSeconds(1), SEARCH).opaqueIds("batch-*").build()).build();

        Evaluation evaluation = evaluate(policy, listing(
                task("n:1").opaqueId("batch-1").runningSeconds(60).build(),
                task("n:2").opaqueId("dashboard").runningSeconds(60).build(),
                task("n:3").runningSeconds(60).build()));

        assertThat(ids(evaluation.toCancel())).containsExactly("n:1");
    }

    @Test
    void nodeRulesMatchTheNodeIdsTheirSpecResolvedToNotNamesWrittenInTheRule() {
        CompiledPolicy policy = policy("p")
                .rule(rule("warm", Duration.ofSeconds(1), SEARCH).nodes("warm-*").build()).build();
        ResolvedNodes resolved = new ResolvedNodes(Map.of("warm-*", Set.of("nodeB", "nodeC")));

        Evaluation evaluation = evaluate(policy, listing(
                task("nodeA:1").nodeName("warm-*").runningSeconds(60).build(),
                task("nodeB:1").nodeName("es-warm-0").runningSeconds(60).build(),
                task("nodeC:1").nodeName("es-warm-1").runningSeconds(60).build()), resolved);

        assertThat(ids(evaluation.toCancel())).containsExactlyInAnyOrder("nodeB:1", "nodeC:1");
    }

    @Test
    void aNodeRuleWhoseSpecSelectsNoNodeOrWasNotResolvedMatchesNothing() {
        CompiledPolicy policy = policy("p")
                .rule(rule("warm", Duration.ofSeconds(1), SEARCH).nodes("nodeA").build()).build();
        TaskListing listing = listing(task("nodeA:1").runningSeconds(60).build());

        assertThat(evaluate(policy, listing, new ResolvedNodes(Map.of("nodeA", Set.of()))).violations()).isZero();
        assertThat(evaluate(policy, listing).violations()).isZero();
        assertThat(evaluate(policy, listing, new ResolvedNodes(Map.of("nodeA", Set.of("nodeA")))).violations())
                .isEqualTo(1);
    }

    @Test
    void aRuleOfSeveralNodeEntriesIsOneSpecificationInOrder() {
        CompiledPolicy policy = policy("p")
                .rule(rule("data", Duration.ofSeconds(1), SEARCH).nodes("data:true", "master:false").build()).build();
        // Elasticsearch resolved "data:true,master:false" to the data nodes that are not master-eligible
        ResolvedNodes resolved = new ResolvedNodes(Map.of("data:true,master:false", Set.of("nodeB")));

        Evaluation evaluation = evaluate(policy, listing(
                task("nodeA:1").runningSeconds(60).build(), task("nodeB:1").runningSeconds(60).build()), resolved);

        assertThat(ids(evaluation.toCancel())).containsExactly("nodeB:1");
    }

    @Test
    void descriptionRulesNeedADescription() {
        CompiledPolicy policy = policy("p")
                .rule(rule("logs", Duration.ofSeconds(1), SEARCH).descriptions("*indices[logs-*").build()).build();

        Evaluation evaluation = evaluate(policy, listing(
                task("n:1").description("indices[logs-2026], search_type[QUERY_THEN_FETCH]").runningSeconds(60).build(),
                task("n:2").description("indices[metrics], search_type[QUERY_THEN_FETCH]").runningSeconds(60).build(),
                task("n:3").runningSeconds(60).build()));

        assertThat(ids(evaluation.toCancel())).containsExactly("n:1");
    }

    @Test
    void violatorsAreOrderedOldestFirstAndCappedByMaxPerRun() {
        CompiledPolicy policy = policy("p").rule(rule("s", Duration.ofSeconds(1), SEARCH).build()).maxPerRun(2).build();

        Evaluation evaluation = evaluate(policy, listing(
                task("n:1").runningSeconds(20).build(),
                task("n:2").runningSeconds(90).build(),
                task("n:3").runningSeconds(50).build(),
                task("n:4").runningSeconds(5).build()));

        assertThat(ids(evaluation.toCancel())).containsExactly("n:2", "n:3");
        assertThat(ids(evaluation.deferred())).containsExactly("n:1", "n:4");
        assertThat(evaluation.violations()).isEqualTo(4);
    }

    @Test
    void theNextDeadlineIsWhenTheEarliestGovernedTaskCrossesItsLimit() {
        CompiledPolicy policy = policy("p")
                .rule(rule("searches", Duration.ofSeconds(30), SEARCH).build())
                .rule(rule("health", Duration.ofSeconds(10), "cluster:monitor/health").build())
                .build();

        Evaluation evaluation = evaluate(policy, listing(
                task("n:1").runningSeconds(20).build(),
                task("n:2").action("cluster:monitor/health").runningSeconds(4).build(),
                task("n:3").action("indices:data/write/bulk").runningSeconds(1).build()));

        assertThat(evaluation.nextDeadline()).contains(NOW.plusSeconds(6));
    }

    @Test
    void noGovernedTaskMeansNoDeadline() {
        assertThat(evaluate(searchesOver(Duration.ofSeconds(1)), listing()).nextDeadline()).isEmpty();
    }
}
