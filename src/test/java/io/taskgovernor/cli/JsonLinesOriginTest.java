package io.taskgovernor.cli;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.policy.PolicyKey;
import io.taskgovernor.testing.KibanaOpaqueIds;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonLinesOriginTest {
    @Test
    void aDecisionLineCarriesOriginTraceIdAndIndicesWhenKnown() {
        Decision d = new Decision(new PolicyKey(null, "p"), "r", task("n:1").action("indices:data/read/search")
                .opaqueId(KibanaOpaqueIds.DASHBOARD_LENS_PANEL).header("trace.id", "abc")
                .description("indices[logs-a], search_type[QUERY_THEN_FETCH]").runningSeconds(90).build(),
                Duration.ofMinutes(1), Duration.ofSeconds(30), Outcome.DRY_RUN, null, Instant.EPOCH, null, null);

        assertThat(JsonLinesPrinter.toJson(d))
                .contains("\"origin\":\"kibana:application:dashboards:edf84fe0-e1a0-11e7-b6d5-4dc382ef7f5b"
                        + ";lens:lnsXY:cb099a20-ea66-11eb-9425-113343a037e3\"")
                .contains("\"traceId\":\"abc\"")
                .contains("\"indices\":[\"logs-a\"]");
    }

    @Test
    void withoutThemTheLineHasNoSuchFields() {
        Decision d = new Decision(new PolicyKey(null, "p"), "r", task("n:1").opaqueId("batch-7").runningSeconds(90).build(),
                Duration.ofMinutes(1), Duration.ofSeconds(30), Outcome.DRY_RUN, null, Instant.EPOCH, null, null);

        assertThat(JsonLinesPrinter.toJson(d)).doesNotContain("\"origin\"").doesNotContain("\"traceId\"").doesNotContain("\"indices\"");
    }
}
