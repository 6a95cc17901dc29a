package io.taskgovernor.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Provokes real long-running tasks on a node.
 *
 * <p>Measured on a 2-core machine with 400k keyword docs: the nested terms search below runs about
 * 14 s and notices its cancellation only when it starts building sub-aggregations, close to its end,
 * so a cancelled one lingers for seconds; a health wait for 9 nodes is cancellable and ends at its
 * own timeout even after a cancel.
 */
public final class RunawayTasks {
    public static final String INDEX = "runaway";
    public static final int DOCS = 400_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EsHttp http;
    private final String allocation;

    public RunawayTasks(EsHttp http) {
        this(http, "");
    }

    private RunawayTasks(EsHttp http, String allocation) {
        this.http = http;
        this.allocation = allocation;
    }

    /**
     * Tasks provoked through {@code http} (which may be another node of the cluster) on an index whose
     * only shard lives on the node named {@code nodeName} ({@code index.routing.allocation.require._name}).
     */
    public static RunawayTasks onNode(EsHttp http, String nodeName) {
        return new RunawayTasks(http, ",\"index.routing.allocation.require._name\":\"" + nodeName + "\"");
    }

    /** Indexes the keyword docs once per node (a second call finds them and returns). */
    public synchronized void indexKeywordDocs() {
        if (http.get("/" + INDEX + "/_count").status() == 200) {
            return;
        }
        EsHttp.Response created = http.send("PUT", "/" + INDEX, """
                {"settings":{"number_of_shards":1,"number_of_replicas":0,"refresh_interval":"-1"%s},
                 "mappings":{"properties":{"k":{"type":"keyword"}}}}""".formatted(allocation), null);
        if (created.status() != 200) {
            throw new IllegalStateException("cannot create " + INDEX + ": " + created.status() + " " + created.body());
        }
        http.get("/_cluster/health/" + INDEX + "?wait_for_status=green&timeout=30s");
        int batch = 20_000;
        for (int start = 0; start < DOCS; start += batch) {
            StringBuilder body = new StringBuilder(batch * 40);
            for (int i = start; i < start + batch; i++) {
                body.append("{\"index\":{}}\n{\"k\":\"key-").append(i).append("\"}\n");
            }
            EsHttp.Response response = http.send("POST", "/" + INDEX + "/_bulk", body.toString(), null);
            if (response.status() != 200 || response.body().contains("\"errors\":true")) {
                throw new IllegalStateException("bulk failed: " + response.body().substring(0, Math.min(500, response.body().length())));
            }
        }
        http.send("POST", "/" + INDEX + "/_refresh", null, null);
    }

    /** A search that runs for many seconds; request_cache=false, or a second run would be instant. */
    public CompletableFuture<EsHttp.Response> startRunawaySearch(String opaqueId) {
        return http.sendAsync("POST", "/" + INDEX + "/_search?request_cache=false", """
                {"size":0,"aggs":{"t":{"terms":{"field":"k","size":40000},
                 "aggs":{"u":{"terms":{"field":"k","size":10}}}}}}""", opaqueId, Duration.ofMinutes(3));
    }

    /**
     * An {@code _msearch} of two items, as Grafana and older Kibana dashboards send: a quick count and
     * the runaway search above. Elasticsearch lists a root {@code indices:data/read/msearch} with one
     * {@code indices:data/read/search} child per item.
     */
    public CompletableFuture<EsHttp.Response> startMsearchWithOneRunawayItem(String opaqueId) {
        String quick = "{\"size\":0,\"query\":{\"match_all\":{}}}";
        String slow = "{\"size\":0,\"aggs\":{\"t\":{\"terms\":{\"field\":\"k\",\"size\":40000},"
                + "\"aggs\":{\"u\":{\"terms\":{\"field\":\"k\",\"size\":10}}}}}}";
        String header = "{\"index\":\"" + INDEX + "\",\"request_cache\":false}";
        return http.sendAsync("POST", "/_msearch", header + "\n" + quick + "\n" + header + "\n" + slow + "\n", opaqueId,
                Duration.ofMinutes(3));
    }

    /** Waits for 9 nodes that never come: a cancellable task that lasts {@code seconds}. */
    public CompletableFuture<EsHttp.Response> startHealthWait(String opaqueId, int seconds) {
        return http.sendAsync("GET", "/_cluster/health?wait_for_nodes=9&timeout=" + seconds + "s", null, opaqueId,
                Duration.ofSeconds(seconds + 30));
    }

    /** Hot threads sampling for a few seconds: a task Elasticsearch cannot cancel. */
    public CompletableFuture<EsHttp.Response> startHotThreads(String opaqueId) {
        return http.sendAsync("GET", "/_nodes/hot_threads?interval=1s&snapshots=8&threads=1", null, opaqueId,
                Duration.ofSeconds(60));
    }

    /** Every task as Elasticsearch lists it, raw. */
    public List<JsonNode> tasks() {
        try {
            JsonNode root = JSON.readTree(http.get("/_tasks?detailed=true&group_by=none").body());
            List<JsonNode> tasks = new ArrayList<>();
            root.path("tasks").forEach(tasks::add);
            return tasks;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<JsonNode> task(String action, String opaqueId) {
        return tasks().stream()
                .filter(t -> t.path("action").asText().equals(action))
                .filter(t -> opaqueId.equals(t.path("headers").path("X-Opaque-Id").asText(null)))
                .findFirst();
    }

    public static String idOf(JsonNode task) {
        return task.path("node").asText() + ":" + task.path("id").asLong();
    }

    public JsonNode awaitTask(String action, String opaqueId) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> task(action, opaqueId), Optional::isPresent).orElseThrow();
    }

    /** Waits until Elasticsearch lists the task as running longer than {@code limit}: a violator from then on. */
    public JsonNode awaitRunningLongerThan(String action, String opaqueId, Duration limit) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> task(action, opaqueId), t -> t.isPresent()
                        && t.get().path("running_time_in_nanos").asLong() > limit.toNanos()).orElseThrow();
    }

    /** Tasks of a given action that any task with the opaque id started, children included. */
    public long countWithOpaqueId(String opaqueId) {
        return tasks().stream().filter(t -> opaqueId.equals(t.path("headers").path("X-Opaque-Id").asText(null))).count();
    }
}
