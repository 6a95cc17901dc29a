package io.taskgovernor.policy;

import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.testing.KibanaOpaqueIds;
import io.taskgovernor.testing.PolicyBuilder;
import io.taskgovernor.testing.TaskBuilder;
import io.taskgovernor.elasticsearch.TaskListing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The origin, product origin and index filters of a rule, one task at a time. */
class RuleFiltersTest {
    private static final Duration LIMIT = Duration.ofMinutes(1);
    private static final String SEARCH = "indices:data/read/search";

    private static boolean matches(PolicyBuilder.RuleBuilder rule, RunningTask task) {
        return RuleMatcher.matches(rule.build(), task, ResolvedNodes.NONE, null);
    }

    private static RunningTask search(String opaqueId, String description) {
        TaskBuilder task = task("n1:1").action(SEARCH).description(description);
        return (opaqueId == null ? task : task.opaqueId(opaqueId)).build();
    }

    @Test
    void originsMatchTheDecodedContextAndATaskWithoutOriginDoesNot() {
        var anyDashboard = rule("dashboards", LIMIT, SEARCH).origins("kibana:application:dashboards:*");
        assertThat(matches(anyDashboard, search(KibanaOpaqueIds.DASHBOARD_LENS_PANEL, null))).isTrue();
        assertThat(matches(anyDashboard, search(KibanaOpaqueIds.DISCOVER_SAVED_SEARCH, null))).isFalse();
        assertThat(matches(anyDashboard, search("grafana-panel-7", null))).isFalse();
        assertThat(matches(anyDashboard, task("n1:2").action(SEARCH).build())).isFalse();

        var lensPanels = rule("lens", LIMIT, SEARCH).origins("*;lens:*");
        assertThat(matches(lensPanels, search(KibanaOpaqueIds.DASHBOARD_LENS_PANEL, null))).isTrue();

        var encoded = rule("ops", LIMIT, SEARCH).origins("kibana:application:dashboards:ops: alerting*");
        assertThat(matches(encoded, search(KibanaOpaqueIds.DASHBOARD_WITH_ENCODED_ID, null))).isTrue();
    }

    @Test
    void excludeOriginsSparesWhatItNamesAndNothingElse() {
        var notAlerting = rule("searches", LIMIT, SEARCH).excludeOrigins("kibana:task manager:run alerting:*");
        assertThat(matches(notAlerting, search(KibanaOpaqueIds.ALERTING_ES_QUERY_RULE, null))).isFalse();
        assertThat(matches(notAlerting, search(KibanaOpaqueIds.REPORTING_CSV_EXPORT, null))).isTrue();
        // No origin is not excluded: a task a user expects governed stays governed.
        assertThat(matches(notAlerting, search("grafana-panel-7", null))).isTrue();
        assertThat(matches(notAlerting, task("n1:2").action(SEARCH).build())).isTrue();
    }

    @Test
    void productOriginsReadTheHeaderKibanaSendsOnEveryRequest() {
        var kibanaOnly = rule("kibana", LIMIT, SEARCH).productOrigins("kibana");
        var notFleet = rule("not-fleet", LIMIT, SEARCH).excludeProductOrigins("fleet*");
        RunningTask fromKibana = task("n1:1").action(SEARCH).productOrigin("kibana").build();
        RunningTask fromFleet = task("n1:2").action(SEARCH).productOrigin("fleet").build();
        RunningTask fromACurl = task("n1:3").action(SEARCH).build();

        assertThat(matches(kibanaOnly, fromKibana)).isTrue();
        assertThat(matches(kibanaOnly, fromFleet)).isFalse();
        assertThat(matches(kibanaOnly, fromACurl)).isFalse();
        assertThat(matches(notFleet, fromKibana)).isTrue();
        assertThat(matches(notFleet, fromFleet)).isFalse();
        assertThat(matches(notFleet, fromACurl)).isTrue();
    }

    @Test
    void indicesMatchAnyNamedIndexAndUnreadableIndicesDoNot() {
        var logs = rule("logs", LIMIT, SEARCH).indices("logs-*");
        assertThat(matches(logs, search(null, "indices[metrics-a,logs-b], search_type[QUERY_THEN_FETCH]"))).isTrue();
        assertThat(matches(logs, search(null, "indices[metrics-a], search_type[QUERY_THEN_FETCH]"))).isFalse();
        assertThat(matches(logs, search(null, null))).isFalse();
        assertThat(matches(logs, search(null, "indices[], search_type[QUERY_THEN_FETCH]"))).isFalse();
    }

    @Test
    void excludeIndicesExcludesConservatively() {
        var notSecret = rule("not-secret", LIMIT, SEARCH).excludeIndices("secret-*");
        assertThat(matches(notSecret, search(null, "indices[logs-a], search_type[QUERY_THEN_FETCH]"))).isTrue();
        assertThat(matches(notSecret, search(null, "indices[logs-a,secret-1], search_type[QUERY_THEN_FETCH]")))
                .isFalse();
        // Unreadable: it might touch the excluded indices.
        assertThat(matches(notSecret, search(null, null))).isFalse();
        // A pattern that covers the excluded ones may reach them.
        assertThat(matches(notSecret, search(null, "indices[*], search_type[QUERY_THEN_FETCH]"))).isFalse();
        assertThat(matches(notSecret, search(null, "indices[se*], search_type[QUERY_THEN_FETCH]"))).isFalse();
        assertThat(matches(notSecret, search(null, "indices[logs-*], search_type[QUERY_THEN_FETCH]"))).isTrue();
    }

    @Test
    void theShardTasksOfASearchSparedByExcludeIndicesAreSparedWithIt() {
        // A search's shard children name one index each: the shard on logs-a would pass the exclusion on its own
        // and be cancelled, failing the very search the rule meant to leave alone.
        RunningTask root = search(null, "indices[logs-a,secret-b], search_type[QUERY_THEN_FETCH]");
        RunningTask shard = task("n1:2").action(SEARCH + "[phase/query]").parent(root.id())
                .description("shardId[[logs-a][0]]").build();
        RunningTask otherShard = task("n1:4").action(SEARCH + "[phase/query]").parent("n1:3")
                .description("shardId[[logs-a][0]]").build();
        RunningTask otherRoot = task("n1:3").action(SEARCH).description("indices[logs-a], search_type[QUERY_THEN_FETCH]")
                .build();
        TaskTree tree = TaskTree.of(new TaskListing(Instant.EPOCH, List.of(root, shard, otherRoot, otherShard), List.of()));
        CompiledPolicy policy = PolicyBuilder.policy("p")
                .rule(rule("searches", LIMIT, SEARCH + "*").excludeIndices("secret-*").build()).build();

        assertThat(TaskDecider.governingRule(policy, root, tree, ResolvedNodes.NONE)).isEmpty();
        assertThat(TaskDecider.governingRule(policy, shard, tree, ResolvedNodes.NONE)).isEmpty();
        assertThat(TaskDecider.governingRule(policy, otherShard, tree, ResolvedNodes.NONE)).isPresent();
    }

    @Test
    void aRuleWithoutTheNewFiltersStillMatchesATaskWithoutDescription() {
        var plain = rule("plain", LIMIT, SEARCH);
        assertThat(plain.build().filters()).isEqualTo(RuleFilters.NONE);
        assertThat(matches(plain, search(null, null))).isTrue();
    }

    @Test
    void indexFiltersAskForADetailedListing() {
        // Without the audit's description snapshot, which asks for detail on its own.
        CompiledPolicy withIndices = PolicyBuilder.policy("p").withoutDescriptions()
                .rule(rule("logs", LIMIT, SEARCH).excludeIndices("secret-*").build()).build();
        CompiledPolicy plain = PolicyBuilder.policy("q").withoutDescriptions()
                .rule(rule("all", LIMIT, SEARCH).origins("kibana:*").build()).build();
        assertThat(ListQueryPlanner.plan(List.of(withIndices), Duration.ofSeconds(5)).detailed()).isTrue();
        assertThat(ListQueryPlanner.plan(List.of(plain), Duration.ofSeconds(5)).detailed()).isFalse();
    }
}
