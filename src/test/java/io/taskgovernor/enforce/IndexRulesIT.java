package io.taskgovernor.enforce;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.TaskIndices;
import io.taskgovernor.testing.RunawayTasks;
import io.taskgovernor.testing.SharedNode;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rule on the indices a search names, read from the description of a detailed listing, on a real node: three
 * runaway searches (one index, two indices, a pattern), of which only the one on the rule's index and on no excluded
 * index is cancelled. Prints the descriptions Elasticsearch wrote (kept in src/test/resources/descriptions/).
 */
class IndexRulesIT {
    private static final Duration MAX_RUNTIME = Duration.ofMillis(300);

    @RegisterExtension
    static final SharedNode SHARED = new SharedNode();

    @Test
    void anIndexRuleCancelsTheSearchOnItsIndexAndSparesOneThatAlsoNamesAnExcludedIndex() {
        SHARED.runaway().indexKeywordDocs();
        SHARED.node().http().send("PUT", "/other-empty", "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}", null);
        String slow = "{\"size\":0,\"aggs\":{\"t\":{\"terms\":{\"field\":\"k\",\"size\":40000},"
                + "\"aggs\":{\"u\":{\"terms\":{\"field\":\"k\",\"size\":10}}}}}}";
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("index-one", "/runaway/_search?request_cache=false");
        paths.put("index-two", "/runaway,other-empty/_search?request_cache=false&ignore_unavailable=true");
        paths.put("index-pattern", "/runaw*/_search?request_cache=false");
        paths.forEach((id, path) -> SHARED.node().http().sendAsync("POST", path, slow, id, Duration.ofMinutes(3)));
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        paths.keySet().forEach(id -> listed.put(id,
                SHARED.runaway().awaitRunningLongerThan("indices:data/read/search", id, MAX_RUNTIME.multipliedBy(2))));
        listed.forEach((id, task) -> System.out.println("[IndexRulesIT] " + SHARED.node().url() + " description of " + id
                + ": " + task.path("description").asText()));
        SHARED.runaway().tasks().stream().filter(t -> t.path("action").asText().startsWith("indices:data/read/search["))
                .filter(t -> paths.containsKey(t.path("headers").path("X-Opaque-Id").asText()))
                .findFirst().ifPresent(t -> System.out.println("[IndexRulesIT] " + SHARED.node().url() + " shard task "
                        + t.path("action").asText() + ": " + t.path("description").asText()));

        assertThat(TaskIndices.of(listed.get("index-one").path("description").asText())).contains(List.of("runaway"));
        assertThat(TaskIndices.of(listed.get("index-two").path("description").asText()))
                .contains(List.of("runaway", "other-empty"));
        assertThat(TaskIndices.of(listed.get("index-pattern").path("description").asText())).contains(List.of("runaw*"));

        CompiledPolicy policy = policy("runaway-index").rule(rule("runaway", MAX_RUNTIME, "indices:data/read/search")
                .opaqueIds("index-*").indices("runaway").excludeIndices("other*").build()).build();
        try {
            PolicyResult result = new GovernancePass(Clock.systemUTC()).run(List.of(policy), SHARED.tasks()).policies().get(0);

            // The pattern search names "runaw*", not "runaway": names are matched as written, not resolved.
            assertThat(result.decisions()).singleElement().satisfies(d -> {
                assertThat(d.task().opaqueId()).isEqualTo("index-one");
                assertThat(d.outcome()).isEqualTo(Outcome.CANCEL_REQUESTED);
            });
        } finally {
            listed.values().forEach(t -> SHARED.cancel(RunawayTasks.idOf(t)));
        }
    }
}
