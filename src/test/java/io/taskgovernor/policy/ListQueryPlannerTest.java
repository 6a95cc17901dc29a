package io.taskgovernor.policy;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.ListQuery;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListQueryPlannerTest {
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void unitesTheActionsOfEveryRuleOfEveryPolicyOnce() {
        CompiledPolicy a = policy("a").rule(rule("s", MIN, "indices:data/read/search*").build())
                .rule(rule("e", MIN, "indices:data/read/esql*").build()).build();
        CompiledPolicy b = policy("b").rule(rule("s", MIN, "indices:data/read/search*", "indices:data/write/reindex").build()).build();

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
    void filtersNodesOnlyWhenEveryRuleNarrowsToNodes() {
        CompiledPolicy narrowed = policy("a").rule(rule("s", MIN, "x").nodes("n1").build())
                .rule(rule("t", MIN, "y").nodes("n2", "n1").build()).build();
        CompiledPolicy open = policy("b").rule(rule("u", MIN, "z").build()).build();

        assertThat(ListQueryPlanner.plan(List.of(narrowed), TIMEOUT).nodes()).containsExactly("n1", "n2");
        assertThat(ListQueryPlanner.plan(List.of(narrowed, open), TIMEOUT).nodes()).isEmpty();
    }

    @Test
    void asksForDetailsOnlyWhenSomeRuleMatchesDescriptions() {
        CompiledPolicy plain = policy("a").rule(rule("s", MIN, "x").build()).build();
        CompiledPolicy described = policy("b").rule(rule("d", MIN, "y").descriptions("*logs*").build()).build();

        assertThat(ListQueryPlanner.plan(List.of(plain), TIMEOUT).detailed()).isFalse();
        assertThat(ListQueryPlanner.plan(List.of(plain, described), TIMEOUT).detailed()).isTrue();
    }
}
