package io.taskgovernor.policy;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.policy.Explanation.FilterFailure;
import io.taskgovernor.policy.Explanation.PolicyVerdict;
import io.taskgovernor.policy.Explanation.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExplanationTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String SEARCH = "indices:data/read/search*";

    private static TaskListing listing(RunningTask... tasks) {
        return new TaskListing(NOW, List.of(tasks), List.of());
    }

    private static Explanation explain(RunningTask task, List<CompiledPolicy> policies, TaskListing listing) {
        return Explanation.of(task, policies, listing, ResolvedNodes.NONE);
    }

    private static PolicyVerdict only(Explanation explanation) {
        assertThat(explanation.policies()).hasSize(1);
        return explanation.policies().get(0);
    }

    @Test
    void everyRuleIsReportedWithEveryFilterTheTaskFailsAndWhy() {
        RunningTask search = task("n:1").action("indices:data/read/search").opaqueId("1;kibana:application:dashboards:d1")
                .runningSeconds(30).build();
        CompiledPolicy policy = policy("p")
                .rule(rule("esql", Duration.ofSeconds(5), "indices:data/read/esql*").opaqueIds("etl-*").build())
                .rule(rule("spare-dashboards", Duration.ofSeconds(5), SEARCH)
                        .excludeOpaqueIds("*;kibana:application:dashboards:*").build())
                .rule(rule("about-logs", Duration.ofSeconds(5), SEARCH).descriptions("*logs-*").build())
                .rule(rule("searches", Duration.ofSeconds(10), SEARCH).build())
                .build();

        PolicyVerdict verdict = only(explain(search, List.of(policy), listing(search)));

        assertThat(verdict.rules()).extracting(Explanation.RuleCheck::rule)
                .containsExactly("esql", "spare-dashboards", "about-logs", "searches");
        assertThat(verdict.rules().get(0).failures()).containsExactly(
                new FilterFailure("action", "action \"indices:data/read/search\" matches none of [indices:data/read/esql*]"),
                new FilterFailure("opaque id", "opaque id \"1;kibana:application:dashboards:d1\" matches none of [etl-*]"));
        assertThat(verdict.rules().get(1).failures()).containsExactly(new FilterFailure("excluded opaque id",
                "opaque id \"1;kibana:application:dashboards:d1\" matches the excluded pattern \"*;kibana:application:dashboards:*\""));
        assertThat(verdict.rules().get(2).failures()).containsExactly(new FilterFailure("description",
                "the task has no description, the rule requires one matching [*logs-*]"));
        assertThat(verdict.rules().get(3).matched()).isTrue();
        assertThat(verdict.governingRule()).isEqualTo("searches");
        assertThat(verdict.verdict()).isEqualTo(Verdict.CANCEL);
        assertThat(verdict.detail()).isEqualTo("running 30s, limit 10s (rule searches): cancelled in this pass (CANCEL_REQUESTED)");
    }

    @Test
    void aNodeRuleSaysWhichNodesItsSpecificationSelected() {
        RunningTask onHot = task("hot:1").nodeName("es-hot").runningSeconds(30).build();
        CompiledPolicy policy = policy("p").rule(rule("warm", Duration.ofSeconds(5), SEARCH).nodes("data_warm:true").build()).build();
        ResolvedNodes nodes = new ResolvedNodes(Map.of("data_warm:true", Set.of("warm")));

        PolicyVerdict verdict = only(Explanation.of(onHot, List.of(policy), listing(onHot), nodes));

        assertThat(verdict.rules().get(0).failures()).containsExactly(new FilterFailure("node",
                "node es-hot (hot) is not among the nodes [data_warm:true] select: [warm]"));
        assertThat(verdict.verdict()).isEqualTo(Verdict.NOT_MATCHED);
    }

    @Test
    void whatMatchesInTheExplanationIsWhatTheDeciderMatches() {
        List<RunningTask> tasks = List.of(
                task("n:1").runningSeconds(30).build(),
                task("n:2").action("indices:data/write/reindex").runningSeconds(30).build(),
                task("n:3").opaqueId("etl-7").runningSeconds(30).build(),
                task("n:4").opaqueId("1;kibana:task%20manager:run%20alerting%3Ax").runningSeconds(30).build(),
                task("n:5").description("indices[logs-1], search_type[QUERY_THEN_FETCH]").runningSeconds(30).build());
        List<CompiledRule> rules = List.of(
                rule("a", Duration.ofSeconds(1), SEARCH).build(),
                rule("b", Duration.ofSeconds(1), "*").opaqueIds("etl-*").build(),
                rule("c", Duration.ofSeconds(1), "*").excludeOpaqueIds("*;kibana:task%20manager:*").build(),
                rule("d", Duration.ofSeconds(1), SEARCH).descriptions("*logs-*").build());
        for (RunningTask task : tasks) {
            for (CompiledRule r : rules) {
                assertThat(RuleMatcher.failures(r, task, ResolvedNodes.NONE).isEmpty()).as(task.id() + " " + r.name())
                        .isEqualTo(RuleMatcher.matches(r, task, ResolvedNodes.NONE, null));
            }
        }
    }

    @Test
    void protectionsAreNamedWithTheAncestorTheyComeFrom() {
        RunningTask transform = task("n:1").action("data_frame/transforms[c]").type("persistent").runningSeconds(900).build();
        RunningTask search = task("n:2").parent("n:1").runningSeconds(900).build();
        RunningTask own = task("n:3").action("cluster:monitor/tasks/lists").opaqueId("task-governor/list").runningSeconds(900).build();
        CompiledPolicy everything = policy("p").rule(rule("all", Duration.ofSeconds(1), "*").build()).build();
        TaskListing listing = listing(transform, search, own);

        assertThat(explain(transform, List.of(everything), listing).protection()).isEqualTo("persistent task");
        PolicyVerdict child = only(explain(search, List.of(everything), listing));
        assertThat(child.verdict()).isEqualTo(Verdict.PROTECTED);
        assertThat(child.detail()).isEqualTo("never judged: descendant of n:1 (data_frame/transforms[c]): persistent task");
        assertThat(explain(own, List.of(everything), listing).protection())
                .isEqualTo("the governor's own request (X-Opaque-Id task-governor/list)");
    }

    /** A task the planned list call would not list (explain's --id of a filtered-out task) is still known protected. */
    @Test
    void protectionsHoldForATaskOutsideTheListing() {
        RunningTask transform = task("n:1").action("data_frame/transforms[c]").type("persistent").runningSeconds(900).build();
        RunningTask unlistedChild = task("n:2").action("indices:data/read/search").parent("n:1").runningSeconds(900).build();
        RunningTask unlistedPersistent = task("n:3").action("health-node[c]").type("persistent").runningSeconds(900).build();
        CompiledPolicy everything = policy("p").rule(rule("all", Duration.ofSeconds(1), "*").build()).build();
        TaskListing listing = listing(transform);

        assertThat(explain(unlistedChild, List.of(everything), listing).protection())
                .isEqualTo("descendant of n:1 (data_frame/transforms[c]): persistent task");
        assertThat(explain(unlistedPersistent, List.of(everything), listing).protection()).isEqualTo("persistent task");
        TaskTree tree = TaskTree.of(listing);
        assertThat(tree.isProtected(unlistedChild)).isTrue();
        assertThat(tree.hasCancelledAncestor(unlistedChild)).isFalse();
    }

    /** A malformed answer listing one id twice: each task is answered for itself, as before the tree kept answers by id. */
    @Test
    void aRepeatedIdDoesNotLendOneTasksProtectionToTheOther() {
        RunningTask own = task("n:2").parent("n:5").opaqueId("task-governor/x0").runningSeconds(900).build();
        RunningTask other = task("n:2").parent("n:4").runningSeconds(900).build();
        TaskTree tree = TaskTree.of(listing(own, other));

        assertThat(tree.protection(own)).isEqualTo("the governor's own request (X-Opaque-Id task-governor/x0)");
        assertThat(tree.protection(other)).isNull();
        assertThat(TaskTree.of(listing(other, own)).protection(other)).isNull();
    }

    @Test
    void eachOutcomeOfTheDeciderIsTheVerdict() {
        CompiledPolicy one = policy("p").maxPerRun(1).rule(rule("s", Duration.ofSeconds(10), SEARCH).build()).build();
        RunningTask oldest = task("n:1").runningSeconds(60).build();
        RunningTask younger = task("n:2").runningSeconds(30).build();
        RunningTask stuck = task("n:3").runningSeconds(30).notCancellable().build();
        RunningTask lingering = task("n:4").runningSeconds(30).cancelled().build();
        RunningTask young = task("n:5").runningSeconds(3).build();
        TaskListing listing = listing(oldest, younger, stuck, lingering, young);

        assertThat(only(explain(oldest, List.of(one), listing)).verdict()).isEqualTo(Verdict.CANCEL);
        assertThat(only(explain(younger, List.of(one), listing)).verdict()).isEqualTo(Verdict.DEFERRED);
        assertThat(only(explain(stuck, List.of(one), listing)).verdict()).isEqualTo(Verdict.NOT_CANCELLABLE);
        assertThat(only(explain(lingering, List.of(one), listing)).verdict()).isEqualTo(Verdict.ALREADY_CANCELLED);
        PolicyVerdict within = only(explain(young, List.of(one), listing));
        assertThat(within.verdict()).isEqualTo(Verdict.WITHIN_LIMIT);
        assertThat(within.detail()).isEqualTo("running 3s, limit 10s (rule s): within the limit");
        assertThat(only(explain(oldest, List.of(one.asDryRun()), listing)).verdict()).isEqualTo(Verdict.DRY_RUN);
    }

    @Test
    void aCoveredTaskNamesTheCancelThatStopsIt() {
        RunningTask root = task("n:1").runningSeconds(60).build();
        RunningTask shard = task("n:2").action("indices:data/read/search[phase/query]").parent("n:1").runningSeconds(60).build();
        RunningTask cancelledRoot = task("n:3").runningSeconds(60).cancelled().build();
        RunningTask underCancelled = task("n:4").action("indices:data/read/search[phase/query]").parent("n:3")
                .runningSeconds(60).build();
        CompiledPolicy enforcing = policy("a-enforcing").rule(rule("s", Duration.ofSeconds(10), SEARCH).build()).build();
        CompiledPolicy dryRun = policy("b-watch").dryRun().rule(rule("s", Duration.ofSeconds(10), SEARCH).build()).build();
        TaskListing listing = listing(root, shard, cancelledRoot, underCancelled);

        Explanation ofShard = explain(shard, List.of(enforcing, dryRun), listing);
        assertThat(ofShard.policies().get(0).verdict()).isEqualTo(Verdict.COVERED);
        assertThat(ofShard.policies().get(0).detail()).endsWith(
                "its ancestor n:1 (indices:data/read/search) is chosen by this policy: cancelling it cancels this task");
        assertThat(ofShard.policies().get(1).detail()).endsWith(
                "its ancestor n:1 (indices:data/read/search) is chosen by policy a-enforcing: cancelling it cancels this task");
        assertThat(only(explain(underCancelled, List.of(enforcing), listing)).detail()).endsWith(
                "its ancestor n:3 (indices:data/read/search) is already cancelled: Elasticsearch is stopping its subtree");

        Explanation ofRoot = explain(root, List.of(enforcing, dryRun), listing);
        assertThat(ofRoot.policies().get(1).detail()).endsWith(
                "policy a-enforcing (enforcing, earlier in the acting order) cancels it");
        assertThat(ofRoot.acting()).extracting(PolicyVerdict::policy).containsExactly(enforcing.key());
    }
}
