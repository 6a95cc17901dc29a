package io.taskgovernor.policy;

import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.RunningTask;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DecisionDetailTest {
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final String QUERY = "indices[logs-web], search_type[QUERY_THEN_FETCH], source[{\"size\":0}]";

    @Test
    void saysWhichPatternOfEachFilterMatchedInTheOrderTheRuleReadsThem() {
        CompiledRule rule = rule("dashboards", MIN, "indices:data/write/*", "indices:data/read/search*")
                .nodes("data:true", "master:false")
                .opaqueIds("nightly*", "*;kibana:application:dashboards:*")
                .descriptions("*logs-*").build();
        RunningTask task = task("n:1").action("indices:data/read/search")
                .opaqueId("f1e2;kibana:application:dashboards:7adfa750").description(QUERY).build();

        DecisionDetail detail = DecisionDetail.of(rule, task, AuditSettings.DEFAULT);

        assertThat(detail.matched()).containsExactly(
                java.util.Map.entry("action", "indices:data/read/search*"),
                java.util.Map.entry("nodes", "data:true,master:false"),
                java.util.Map.entry("opaqueId", "*;kibana:application:dashboards:*"),
                java.util.Map.entry("description", "*logs-*"));
    }

    @Test
    void aRuleWithActionsOnlyExplainsByItsAction() {
        DecisionDetail detail = DecisionDetail.of(rule("r", MIN, "*").build(), task("n:1").opaqueId("x").build(),
                AuditSettings.DEFAULT);

        assertThat(detail.matched()).containsOnlyKeys("action").containsEntry("action", "*");
    }

    @Test
    void carriesTheTraceIdElasticsearchKeptInTheTaskHeaders() {
        RunningTask traced = task("n:1").header("trace.id", "0af7651916cd43dd8448eb211c80319c").build();

        // One owner: the decision reads it from the task (Decision#traceId), the detail does not copy it.
        assertThat(traced.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(task("n:2").build().traceId()).isNull();
    }

    @Test
    void keepsTheDescriptionCappedByThePolicysLimit() {
        RunningTask task = task("n:1").description(QUERY).build();

        DecisionDetail whole = DecisionDetail.of(rule("r", MIN, "*").build(), task, AuditSettings.DEFAULT);
        DecisionDetail capped = DecisionDetail.of(rule("r", MIN, "*").build(), task, new AuditSettings(true, 16, null));

        assertThat(whole.description().text()).isEqualTo(QUERY);
        assertThat(capped.description().text()).isEqualTo("indices[logs-web");
        assertThat(capped.description().truncated()).isTrue();
    }

    @Test
    void aPolicyThatKeepsNoDescriptionsKeepsNone() {
        RunningTask task = task("n:1").description(QUERY).build();

        DecisionDetail detail = DecisionDetail.of(rule("r", MIN, "*").build(), task, new AuditSettings(false, 1024, null));

        assertThat(detail.description()).isNull();
        assertThat(detail.matched()).containsKey("action");
    }
}
