package io.taskgovernor.enforce;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.Origin;
import io.taskgovernor.policy.TaskIndices;
import io.taskgovernor.testing.ElasticsearchNode;
import io.taskgovernor.testing.KibanaOpaqueIds;
import io.taskgovernor.testing.RunawayTasks;
import io.taskgovernor.testing.SharedElasticsearch;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Origins and indices on a real node: which request headers Elasticsearch keeps in a task's headers, Kibana-shaped
 * X-Opaque-Ids governed by a rule on one dashboard's origin, and a rule on the indices a search names (read from the
 * description of a detailed listing). Health waits stand in for Kibana's searches where only the headers matter:
 * they are cancellable, cheap and last as long as asked.
 */
class OriginRulesIT {
    private static final Duration MAX_RUNTIME = Duration.ofMillis(300);
    private static final String DASHBOARD_B =
            "5e1c9a2b-7d3f-4c8e-a1b2-3c4d5e6f7a8b;kibana:application:dashboards:722b74f0-b882-11e8-a6d9-e546fe2bba5f";

    private static ElasticsearchNode node;
    private static RunawayTasks runaway;
    private static ElasticsearchTasksApi tasks;

    @BeforeAll
    static void start() {
        node = SharedElasticsearch.node();
        runaway = new RunawayTasks(node.http());
        tasks = new ElasticsearchTasksApi(new ClusterConnection(URI.create(node.url()), ClusterCredentials.NONE, null,
                Duration.ofSeconds(10)));
    }

    @AfterAll
    static void close() {
        tasks.close();
    }

    @Test
    void elasticsearchKeepsTheOpaqueIdTheTraceIdAndTheProductOriginOfARequest() {
        String opaqueId = "headers-check;kibana:application:discover:abc";
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("X-Opaque-Id", opaqueId);
        sent.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        sent.put("X-elastic-product-origin", "kibana");
        sent.put("x-elastic-client-meta", "es=8.19.0,js=20.0.0,t=8.19.0,hc=20.0.0");
        sent.put("User-Agent", "Kibana/8.19.0");
        sent.put("X-Forwarded-For", "10.1.2.3");
        sent.put("X-Request-Id", "r-1");
        sent.put("tracestate", "es=s:1");
        sent.put("baggage", "user=alice");
        node.http().sendAsync("GET", "/_cluster/health?wait_for_nodes=9&timeout=20s", null, sent, Duration.ofSeconds(50));

        JsonNode task = runaway.awaitTask("cluster:monitor/health", opaqueId);
        Map<String, String> kept = new TreeMap<>();
        task.path("headers").fields().forEachRemaining(e -> kept.put(e.getKey(), e.getValue().asText()));
        System.out.println("[OriginRulesIT] " + node.url() + " kept task headers: " + kept);

        assertThat(kept).containsExactlyInAnyOrderEntriesOf(Map.of(
                "X-Opaque-Id", opaqueId,
                "trace.id", "0af7651916cd43dd8448eb211c80319c",
                "X-elastic-product-origin", "kibana"));
        cancel(RunawayTasks.idOf(task));
    }

    @Test
    void aRuleOnOneDashboardCancelsItAndSparesAnotherDashboardAndDiscover() {
        String dashboardA = KibanaOpaqueIds.DASHBOARD_LENS_PANEL;
        String discover = KibanaOpaqueIds.DISCOVER_SAVED_SEARCH;
        List<String> sent = List.of(dashboardA, DASHBOARD_B, discover);
        sent.forEach(id -> runaway.startHealthWait(id, 30));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String id : sent) {
                assertThat(runaway.task("cluster:monitor/health", id)).as(id).hasValueSatisfying(t ->
                        assertThat(t.path("running_time_in_nanos").asLong()).isGreaterThan(MAX_RUNTIME.toNanos() * 2));
            }
        });
        String dashboardAId = Origin.parse(dashboardA).orElseThrow().source().id();
        CompiledPolicy policy = policy("one-dashboard").rule(rule("dashboard-a", MAX_RUNTIME, "cluster:monitor/health")
                .origins("kibana:application:dashboards:" + dashboardAId + "*").build()).build();

        PolicyResult result = new GovernancePass(Clock.systemUTC()).run(List.of(policy), tasks).policies().get(0);

        assertThat(result.decisions()).singleElement().satisfies(d -> {
            assertThat(d.task().opaqueId()).isEqualTo(dashboardA);
            assertThat(d.outcome()).isEqualTo(Outcome.CANCEL_REQUESTED);
        });
        for (String spared : List.of(DASHBOARD_B, discover)) {
            assertThat(runaway.task("cluster:monitor/health", spared)).as(spared)
                    .hasValueSatisfying(t -> assertThat(t.path("cancelled").asBoolean()).isFalse());
        }
        sent.forEach(id -> runaway.task("cluster:monitor/health", id).ifPresent(t -> cancel(RunawayTasks.idOf(t))));
    }

    @Test
    void anIndexRuleCancelsTheSearchOnItsIndexAndSparesOneThatAlsoNamesAnExcludedIndex() {
        runaway.indexKeywordDocs();
        node.http().send("PUT", "/other-empty", "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}", null);
        String slow = "{\"size\":0,\"aggs\":{\"t\":{\"terms\":{\"field\":\"k\",\"size\":40000},"
                + "\"aggs\":{\"u\":{\"terms\":{\"field\":\"k\",\"size\":10}}}}}}";
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("index-one", "/runaway/_search?request_cache=false");
        paths.put("index-two", "/runaway,other-empty/_search?request_cache=false&ignore_unavailable=true");
        paths.put("index-pattern", "/runaw*/_search?request_cache=false");
        paths.forEach((id, path) -> node.http().sendAsync("POST", path, slow, id, Duration.ofMinutes(3)));
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        paths.keySet().forEach(id -> listed.put(id,
                runaway.awaitRunningLongerThan("indices:data/read/search", id, MAX_RUNTIME.multipliedBy(2))));
        listed.forEach((id, task) -> System.out.println("[OriginRulesIT] " + node.url() + " description of " + id
                + ": " + task.path("description").asText()));
        runaway.tasks().stream().filter(t -> t.path("action").asText().startsWith("indices:data/read/search["))
                .filter(t -> paths.containsKey(t.path("headers").path("X-Opaque-Id").asText()))
                .findFirst().ifPresent(t -> System.out.println("[OriginRulesIT] " + node.url() + " shard task "
                        + t.path("action").asText() + ": " + t.path("description").asText()));

        assertThat(TaskIndices.of(listed.get("index-one").path("description").asText())).contains(List.of("runaway"));
        assertThat(TaskIndices.of(listed.get("index-two").path("description").asText()))
                .contains(List.of("runaway", "other-empty"));
        assertThat(TaskIndices.of(listed.get("index-pattern").path("description").asText())).contains(List.of("runaw*"));

        CompiledPolicy policy = policy("runaway-index").rule(rule("runaway", MAX_RUNTIME, "indices:data/read/search")
                .opaqueIds("index-*").indices("runaway").excludeIndices("other*").build()).build();
        try {
            PolicyResult result = new GovernancePass(Clock.systemUTC()).run(List.of(policy), tasks).policies().get(0);

            // The pattern search names "runaw*", not "runaway": names are matched as written, not resolved.
            assertThat(result.decisions()).singleElement().satisfies(d -> {
                assertThat(d.task().opaqueId()).isEqualTo("index-one");
                assertThat(d.outcome()).isEqualTo(Outcome.CANCEL_REQUESTED);
            });
        } finally {
            listed.values().forEach(t -> cancel(RunawayTasks.idOf(t)));
        }
    }

    private static void cancel(String taskId) {
        node.http().send("POST", "/_tasks/" + taskId + "/_cancel", null, null);
    }
}
