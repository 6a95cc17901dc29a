package io.taskgovernor.policy;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.ListQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListQueryPlannerTest {
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void unitesTheActionsOfEveryRuleOfEveryPolicyOnce() {
        CompiledPolicy a = policy("a").rule(rule("s", MIN, "indices:data/read/search*").build())
                .rule(rule("e", MIN, "indices:data/read/esql*").build()).withoutDescriptions().build();
        CompiledPolicy b = policy("b").rule(rule("s", MIN, "indices:data/read/search*", "indices:data/write/reindex").build())
                .withoutDescriptions().build();

        ListQuery query = ListQueryPlanner.plan(List.of(a, b), TIMEOUT);

        assertThat(query.actions()).containsExactly(
                "indices:data/read/search*", "indices:data/read/esql*", "indices:data/write/reindex", "*[c]");
        assertThat(query.nodes()).isEmpty();
        assertThat(query.detailed()).isFalse();
        assertThat(query.timeout()).isEqualTo(TIMEOUT);
    }

    @Test
    void persistentTasksAreAlwaysListedSoThatTheWorkTheyStartStaysProtected() {
        CompiledPolicy searches = policy("p").rule(rule("s", MIN, "indices:data/read/search*").build()).build();

        assertThat(ListQueryPlanner.plan(List.of(searches), TIMEOUT).actions()).contains("*[c]");
    }

    @Test
    void aCatchAllPatternListsEveryAction() {
        CompiledPolicy p = policy("p").rule(rule("all", MIN, "*").build())
                .rule(rule("s", MIN, "indices:*").build()).build();

        assertThat(ListQueryPlanner.plan(List.of(p), TIMEOUT).actions()).isEmpty();
    }

    @Test
    void filtersNodesOnlyWhenEveryRuleNarrowsToNodesAndThenByTheIdsTheyResolvedTo() {
        CompiledPolicy narrowed = policy("a").rule(rule("s", MIN, "x").nodes("warm-*").build())
                .rule(rule("t", MIN, "y").nodes("data:true", "master:false").build()).build();
        CompiledPolicy open = policy("b").rule(rule("u", MIN, "z").build()).build();
        ResolvedNodes resolved = new ResolvedNodes(Map.of(
                "warm-*", Set.of("idW2", "idW1"), "data:true,master:false", Set.of("idW1", "idD")));

        assertThat(ListQueryPlanner.plan(List.of(narrowed), resolved, TIMEOUT).nodes())
                .containsExactlyInAnyOrder("idW1", "idW2", "idD");
        assertThat(ListQueryPlanner.plan(List.of(narrowed, open), resolved, TIMEOUT).nodes()).isEmpty();
    }

    @Test
    void neverSendsTheSpecificationsThemselvesNorNarrowsToNothing() {
        CompiledPolicy narrowed = policy("a").rule(rule("s", MIN, "x").nodes("warm-*").build()).build();

        // Unresolved (or selecting no node): an empty filter, which lists every node; no task matches the rule.
        assertThat(ListQueryPlanner.plan(List.of(narrowed), ResolvedNodes.NONE, TIMEOUT).nodes()).isEmpty();
        assertThat(ListQueryPlanner.plan(List.of(narrowed), new ResolvedNodes(Map.of("warm-*", Set.of())), TIMEOUT)
                .nodes()).isEmpty();
    }

    @Test
    void asksForDetailsOnlyWhenSomeRuleMatchesDescriptionsOrSomePolicyKeepsThem() {
        CompiledPolicy plain = policy("a").rule(rule("s", MIN, "x").build()).withoutDescriptions().build();
        CompiledPolicy described = policy("b").rule(rule("d", MIN, "y").descriptions("*logs*").build())
                .withoutDescriptions().build();
        CompiledPolicy keeping = policy("c").rule(rule("s", MIN, "x").build()).build();

        assertThat(ListQueryPlanner.plan(List.of(plain), TIMEOUT).detailed()).isFalse();
        assertThat(ListQueryPlanner.plan(List.of(plain, described), TIMEOUT).detailed()).isTrue();
        // The default (spec.audit.description: true): a decision's snapshot comes from the listing.
        assertThat(ListQueryPlanner.plan(List.of(plain, keeping), TIMEOUT).detailed()).isTrue();
    }
}
