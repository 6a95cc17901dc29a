package io.taskgovernor.audit;

import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.policy.AuditSettings;
import io.taskgovernor.policy.CompiledRule;
import io.taskgovernor.policy.DecisionDetail;
import io.taskgovernor.policy.PolicyKey;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditDocumentTest {
    private static final URI CLUSTER = URI.create("https://logs-es-http:9200");
    private final CompiledRule rule = rule("searches", Duration.ofMinutes(2), "indices:data/read/search*")
            .opaqueIds("*;kibana:application:dashboards:*").build();
    private final RunningTask task = task("oTUltX4IQMOUUVeiohTt8A:464").runningSeconds(150).nodeName("es-hot-0")
            .opaqueId("7b8c;kibana:application:dashboards:722b74f0").header("trace.id", "0af7651916cd43dd8448eb211c80319c")
            .description("indices[logs-*], search_type[QUERY_THEN_FETCH], source[{\"size\":0}]").build();

    private Decision decision(Outcome outcome, String reason, AuditSettings audit) {
        return new Decision(new PolicyKey("search", "runaway-searches"), "searches", task, Duration.ofMinutes(2),
                Duration.ofSeconds(30), outcome, reason, Instant.parse("2026-11-30T12:00:00Z"), null,
                DecisionDetail.of(rule, task, audit));
    }

    @Test
    void aCancelledSearchAsTheDocumentTheReadmeShows() throws Exception {
        Map<String, Object> doc = AuditDocument.of(decision(Outcome.CANCEL_REQUESTED, null, AuditSettings.DEFAULT), CLUSTER, false);

        assertThat(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc)).isEqualTo("""
                {
                  "@timestamp" : "2026-11-30T12:00:00Z",
                  "message" : "CANCEL_REQUESTED task oTUltX4IQMOUUVeiohTt8A:464 (indices:data/read/search on es-hot-0) after 150000 ms, over maxRuntime 120000 ms of rule searches of policy search/runaway-searches",
                  "event" : {
                    "kind" : "event",
                    "dataset" : "taskgovernor.audit",
                    "action" : "cancel-requested",
                    "outcome" : "success"
                  },
                  "rule" : {
                    "name" : "searches",
                    "max_runtime_ms" : 120000,
                    "matched" : {
                      "action" : "indices:data/read/search*",
                      "opaqueId" : "*;kibana:application:dashboards:*"
                    }
                  },
                  "task" : {
                    "id" : "oTUltX4IQMOUUVeiohTt8A:464",
                    "action" : "indices:data/read/search",
                    "node" : "es-hot-0",
                    "node_id" : "oTUltX4IQMOUUVeiohTt8A",
                    "type" : "transport",
                    "start_time" : "2023-11-14T22:13:20Z",
                    "running_time_ms" : 150000,
                    "opaque_id" : "7b8c;kibana:application:dashboards:722b74f0",
                    "description" : "indices[logs-*], search_type[QUERY_THEN_FETCH], source[{\\"size\\":0}]",
                    "description_bytes" : 66,
                    "description_truncated" : false
                  },
                  "trace" : {
                    "id" : "0af7651916cd43dd8448eb211c80319c"
                  },
                  "task_governor" : {
                    "policy" : {
                      "namespace" : "search",
                      "name" : "runaway-searches"
                    },
                    "cluster" : "https://logs-es-http:9200",
                    "dry_run" : false,
                    "overshoot_ms" : 30000,
                    "outcome" : "CANCEL_REQUESTED"
                  }
                }""");
    }

    @Test
    void outcomesMapToEcsEventOutcomes() {
        assertThat(event(Outcome.CANCELLED)).containsEntry("action", "cancelled").containsEntry("outcome", "success");
        assertThat(event(Outcome.FAILED)).containsEntry("action", "failed").containsEntry("outcome", "failure")
                .containsEntry("reason", "boom");
        assertThat(event(Outcome.DRY_RUN)).containsEntry("action", "dry-run").containsEntry("outcome", "unknown");
        assertThat(event(Outcome.NOT_CANCELLABLE)).containsEntry("action", "not-cancellable").containsEntry("outcome", "unknown");
        assertThat(event(Outcome.ALREADY_FINISHED)).containsEntry("action", "already-finished").containsEntry("outcome", "unknown");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> event(Outcome outcome) {
        return (Map<String, Object>) AuditDocument.of(decision(outcome, outcome == Outcome.FAILED ? "boom" : null,
                AuditSettings.DEFAULT), CLUSTER, outcome == Outcome.DRY_RUN).get("event");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withDescriptionsOffTheDocumentHoldsNoQuery() {
        Map<String, Object> doc = AuditDocument.of(decision(Outcome.CANCELLED, null, new AuditSettings(false, 1024, null)),
                CLUSTER, false);

        assertThat((Map<String, Object>) doc.get("task")).doesNotContainKeys("description", "description_bytes",
                "description_truncated");
        assertThat(doc.toString()).doesNotContain("QUERY_THEN_FETCH");
    }
}
