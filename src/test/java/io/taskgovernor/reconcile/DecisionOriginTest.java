package io.taskgovernor.reconcile;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.api.DecisionRecord;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.policy.PolicyKey;
import io.taskgovernor.testing.KibanaOpaqueIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Origin, trace id and indices of a decision, as status and Events show them. */
class DecisionOriginTest {
    private static Decision decision(String opaqueId, String description) {
        var task = task("n:1").action("indices:data/read/search").runningSeconds(75).description(description)
                .header("trace.id", "0af7651916cd43dd8448eb211c80319c");
        return new Decision(new PolicyKey("ns", "p"), "dashboards", task.opaqueId(opaqueId).build(),
                Duration.ofMinutes(1), Duration.ofSeconds(15), Outcome.CANCEL_REQUESTED, null,
                Instant.parse("2026-11-28T12:00:00Z"), null, null);
    }

    @Test
    void statusRecordsTheOriginTheTraceIdAndTheIndices() {
        DecisionRecord record = StatusComposer.toRecord(decision(KibanaOpaqueIds.DISCOVER_SAVED_SEARCH,
                "indices[logs-*,metrics-a], search_type[QUERY_THEN_FETCH], source[{\"size\":0}]"));

        assertThat(record.getOrigin()).isEqualTo("kibana:application:discover:571aaf70-4c88-11e8-b3d7-01146121b73d");
        assertThat(record.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(record.getIndices()).containsExactly("logs-*", "metrics-a");
        assertThat(record.getOpaqueId()).isEqualTo(KibanaOpaqueIds.DISCOVER_SAVED_SEARCH);
    }

    @Test
    void aForeignOpaqueIdAndAnUndetailedListingLeaveThemOut() {
        DecisionRecord record = StatusComposer.toRecord(decision("grafana-panel-7", null));

        assertThat(record.getOrigin()).isNull();
        assertThat(record.getIndices()).isNull();
    }

    @Test
    void theEventNamesTheOriginInsteadOfTheRawOpaqueId() {
        String message = EventPlanner.describe(EventReason.TaskCancelled,
                decision(KibanaOpaqueIds.DASHBOARD_WITH_ENCODED_ID, null));

        assertThat(message).contains("origin kibana:application:dashboards:ops: alerting ; overview")
                .contains("rule dashboards").contains("maxRuntime 1m").doesNotContain("%20");
        assertThat(EventPlanner.describe(EventReason.TaskCancelled, decision("grafana-panel-7", null)))
                .contains("X-Opaque-Id grafana-panel-7");
        assertThat(List.of(message.lines().count())).containsExactly(1L);
    }
}
