package io.taskgovernor.enforce;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.Origin;
import io.taskgovernor.testing.KibanaOpaqueIds;
import io.taskgovernor.testing.RunawayTasks;
import io.taskgovernor.testing.SharedNode;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Origins on a real node (8.19, and 9.5 in the es9 run): which request headers Elasticsearch keeps in a task's
 * headers, and Kibana-shaped X-Opaque-Ids governed by a rule on one dashboard's origin. Health waits stand in for
 * Kibana's searches (only the headers matter here): they are cancellable, cheap and last as long as asked.
 */
class OriginRulesIT {
    private static final Duration MAX_RUNTIME = Duration.ofMillis(300);
    private static final String DASHBOARD_B =
            "5e1c9a2b-7d3f-4c8e-a1b2-3c4d5e6f7a8b;kibana:application:dashboards:722b74f0-b882-11e8-a6d9-e546fe2bba5f";

    @RegisterExtension
    static final SharedNode SHARED = new SharedNode();

    @Test
    void elasticsearchKeepsTheOpaqueIdTheTraceIdAndTheProductOriginOfARequest() {
        String opaqueId = "headers-check;kibana:application:discover:abc";
        // Names as Kibana's client writes them (lower case: its DEFAULT_HEADERS, getDefaultHeaders, the opaque id);
        // Elasticsearch files the ones it keeps under its own spelling.
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("x-opaque-id", opaqueId);
        sent.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        sent.put("tracestate", "es=s:1");
        sent.put("baggage", "user=alice");
        sent.put("x-elastic-product-origin", "kibana");
        sent.put("x-elastic-client-meta", "es=8.19.0,js=20.0.0,t=8.19.0,hc=20.0.0");
        sent.put("user-agent", "Kibana/8.19.0");
        sent.put("x-forwarded-for", "10.1.2.3");
        sent.put("x-request-id", "r-1");
        SHARED.node().http().sendAsync("GET", "/_cluster/health?wait_for_nodes=9&timeout=20s", null, sent, Duration.ofSeconds(50));

        JsonNode task = SHARED.runaway().awaitTask("cluster:monitor/health", opaqueId);
        Map<String, String> kept = new TreeMap<>();
        task.path("headers").fields().forEachRemaining(e -> kept.put(e.getKey(), e.getValue().asText()));
        System.out.println("[OriginRulesIT] " + SHARED.node().url() + " kept task headers: " + kept);

        assertThat(kept).containsExactlyInAnyOrderEntriesOf(Map.of(
                "X-Opaque-Id", opaqueId,
                "trace.id", "0af7651916cd43dd8448eb211c80319c",
                "X-elastic-product-origin", "kibana"));
        SHARED.cancel(RunawayTasks.idOf(task));
    }

    @Test
    void aRuleOnOneDashboardCancelsItAndSparesAnotherDashboardAndDiscover() {
        String dashboardA = KibanaOpaqueIds.ownRequest(KibanaOpaqueIds.DASHBOARD_LENS_PANEL);
        String dashboardB = KibanaOpaqueIds.ownRequest(DASHBOARD_B);
        String discover = KibanaOpaqueIds.ownRequest(KibanaOpaqueIds.DISCOVER_SAVED_SEARCH);
        List<String> sent = List.of(dashboardA, dashboardB, discover);
        sent.forEach(id -> SHARED.runaway().startHealthWait(id, 30));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String id : sent) {
                assertThat(SHARED.runaway().task("cluster:monitor/health", id)).as(id).hasValueSatisfying(t ->
                        assertThat(t.path("running_time_in_nanos").asLong()).isGreaterThan(MAX_RUNTIME.toNanos() * 2));
            }
        });
        String dashboardAId = Origin.parse(dashboardA).orElseThrow().source().id();
        CompiledPolicy policy = policy("one-dashboard").rule(rule("dashboard-a", MAX_RUNTIME, "cluster:monitor/health")
                .origins("kibana:application:dashboards:" + dashboardAId + "*").build()).build();

        PolicyResult result = new GovernancePass(Clock.systemUTC()).run(List.of(policy), SHARED.tasks()).policies().get(0);

        assertThat(result.decisions()).singleElement().satisfies(d -> {
            assertThat(d.task().opaqueId()).isEqualTo(dashboardA);
            assertThat(d.outcome()).isEqualTo(Outcome.CANCEL_REQUESTED);
        });
        for (String spared : List.of(dashboardB, discover)) {
            assertThat(SHARED.runaway().task("cluster:monitor/health", spared)).as(spared)
                    .hasValueSatisfying(t -> assertThat(t.path("cancelled").asBoolean()).isFalse());
        }
        sent.forEach(id -> SHARED.runaway().task("cluster:monitor/health", id).ifPresent(t -> SHARED.cancel(RunawayTasks.idOf(t))));
    }
}
