package io.taskgovernor.cli;

import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.policy.AuditSettings;
import io.taskgovernor.policy.CompiledRule;
import io.taskgovernor.policy.DecisionDetail;
import io.taskgovernor.policy.PolicyKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonLinesPrinterTest {
    private static final String QUERY = "indices[logs-web], search_type[QUERY_THEN_FETCH], source[{\"query\":{\"term\":{\"user\":\"ann\"}}}]";
    private final CompiledRule rule = rule("searches", Duration.ofMinutes(2), "indices:data/read/search*")
            .opaqueIds("*;kibana:*").build();
    private final RunningTask task = task("n1:42").runningSeconds(150).opaqueId("r1;kibana:application:discover:new")
            .header("trace.id", "0af7651916cd43dd8448eb211c80319c").description(QUERY).build();

    private JsonNode line(AuditSettings audit) throws Exception {
        Decision d = new Decision(new PolicyKey("search", "runaway"), "searches", task, Duration.ofMinutes(2),
                Duration.ofSeconds(30), Outcome.CANCEL_REQUESTED, null, Instant.parse("2026-11-30T12:00:00Z"), null,
                DecisionDetail.of(rule, task, audit));
        return new ObjectMapper().readTree(JsonLinesPrinter.toJson(d));
    }

    @Test
    void aLineSaysTheLimitWhyItMatchedTheTraceIdAndTheQuery() throws Exception {
        JsonNode line = line(AuditSettings.DEFAULT);

        assertThat(line.get("rule").asText()).isEqualTo("searches");
        assertThat(line.get("maxRuntimeMs").asLong()).isEqualTo(120_000);
        assertThat(line.get("runningTimeMs").asLong()).isEqualTo(150_000);
        assertThat(line.get("matched").toString()).isEqualTo("{\"action\":\"indices:data/read/search*\",\"opaqueId\":\"*;kibana:*\"}");
        assertThat(line.get("traceId").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(line.get("description").asText()).isEqualTo(QUERY);
        assertThat(line.has("descriptionBytes")).isFalse();
    }

    @Test
    void aCappedDescriptionSaysHowLongTheWholeWas() throws Exception {
        JsonNode line = line(new AuditSettings(true, 17, null));

        assertThat(line.get("description").asText()).isEqualTo("indices[logs-web]");
        assertThat(line.get("descriptionBytes").asInt()).isEqualTo(QUERY.length());
    }

    @Test
    void withDescriptionsOffTheQueryIsNowhereInTheLine() throws Exception {
        JsonNode line = line(new AuditSettings(false, 1024, null));

        assertThat(line.has("description")).isFalse();
        assertThat(line.toString()).doesNotContain("ann");
    }
}
