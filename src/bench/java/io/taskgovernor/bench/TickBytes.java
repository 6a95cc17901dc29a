package io.taskgovernor.bench;

import co.elastic.clients.elasticsearch.tasks.ListResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgovernor.policy.GovernorOpaqueId;
import io.taskgovernor.policy.ListQueryPlanner;
import io.taskgovernor.testing.ElasticsearchNode;
import io.taskgovernor.testing.EsHttp;
import io.taskgovernor.testing.RunawayTasks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

/**
 * Bytes fetched per tick, against a real single node (Elasticsearch 8.19.21) with runaway searches
 * (root + shard child each), health waits and the node's own tasks running: {@code GET _tasks} as the
 * governor sends it without an actions filter, with the policy's actions union, and with a
 * filter_path that keeps only what the governor reads.
 */
public final class TickBytes {
    static final int SEARCHES = 4;
    static final int HEALTH_WAITS = 3;
    static final String FILTER_PATH = String.join(",",
            "nodes.*.name", "nodes.*.tasks.*.node", "nodes.*.tasks.*.id", "nodes.*.tasks.*.type",
            "nodes.*.tasks.*.action", "nodes.*.tasks.*.start_time_in_millis", "nodes.*.tasks.*.running_time_in_nanos",
            "nodes.*.tasks.*.cancellable", "nodes.*.tasks.*.cancelled", "nodes.*.tasks.*.parent_task_id",
            "nodes.*.tasks.*.headers", "node_failures", "task_failures");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TickBytes() {}

    public static void main(String[] args) throws Exception {
        System.out.println("== TickBytes: starting a real Elasticsearch node, indexing " + RunawayTasks.DOCS + " docs ...");
        List<CompletableFuture<EsHttp.Response>> running = new ArrayList<>();
        try (ElasticsearchNode node = ElasticsearchNode.start(ElasticsearchNode.Security.NONE)) {
            EsHttp http = node.http();
            RunawayTasks runaway = new RunawayTasks(http);
            runaway.indexKeywordDocs();
            for (int i = 0; i < HEALTH_WAITS; i++) {
                running.add(runaway.startHealthWait("bench-health-" + i, 90));
            }
            for (int i = 0; i < SEARCHES; i++) {
                running.add(runaway.startRunawaySearch("bench-dashboard-" + i));
            }
            for (int i = 0; i < SEARCHES; i++) {
                runaway.awaitTask("indices:data/read/search", "bench-dashboard-" + i);
            }
            for (int i = 0; i < HEALTH_WAITS; i++) {
                runaway.awaitTask("cluster:monitor/health", "bench-health-" + i);
            }

            String actions = String.join(",", ListQueryPlanner.plan(List.of(BenchPolicies.typical()), Duration.ofSeconds(5)).actions());
            String base = "/_tasks?group_by=nodes&detailed=false&timeout=5000ms";
            Map<String, String> queries = new LinkedHashMap<>();
            queries.put("no filter", base);
            queries.put("actions=<policy union>", base + "&actions=" + actions);
            queries.put("filter_path", base + "&filter_path=" + FILTER_PATH);
            queries.put("actions + filter_path", base + "&actions=" + actions + "&filter_path=" + FILTER_PATH);

            Map<String, List<int[]>> samples = new LinkedHashMap<>();
            Map<String, String> clientParses = new LinkedHashMap<>();
            for (int round = 0; round < 3; round++) {
                for (var query : queries.entrySet()) {
                    EsHttp.Response response = http.send("GET", query.getValue(), null, GovernorOpaqueId.LIST);
                    if (response.status() != 200) {
                        throw new IllegalStateException(query.getValue() + ": HTTP " + response.status() + " " + response.body());
                    }
                    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
                    samples.computeIfAbsent(query.getKey(), k -> new ArrayList<>())
                            .add(new int[] {body.length, gzipped(body), countTasks(body)});
                    clientParses.put(query.getKey(), clientParses(body));
                }
            }
            System.out.println();
            System.out.println("== TickBytes: response size of one list call (real node, " + SEARCHES + " runaway searches, "
                    + HEALTH_WAITS + " health waits, node's own tasks; median of 3 rounds)");
            System.out.println("policy actions union: " + actions);
            System.out.printf("%-26s %8s %12s %14s %18s%n", "request", "tasks", "bytes", "gzip bytes", "official client");
            for (var entry : samples.entrySet()) {
                int[] median = median(entry.getValue());
                System.out.printf("%-26s %8d %12d %14d %18s%n", entry.getKey(), median[2], median[0], median[1],
                        clientParses.get(entry.getKey()));
            }
            System.out.println("(gzip bytes: the same body gzipped locally, i.e. what Accept-Encoding: gzip would save; "
                    + "the governor's client does not ask for it)");
            System.out.println("base: GET " + base);
            System.out.println("filter_path=" + FILTER_PATH);
            System.out.println();
            // cancel what we started so the node stops quickly
            http.send("POST", "/_tasks/_cancel?actions=indices:data/read/search*,cluster:monitor/health", null, null);
        } finally {
            running.forEach(f -> f.cancel(true));
        }
    }

    private static int[] median(List<int[]> samples) {
        int[] result = new int[3];
        for (int column = 0; column < 3; column++) {
            int c = column;
            int[] values = samples.stream().mapToInt(s -> s[c]).toArray();
            Arrays.sort(values);
            result[column] = values[values.length / 2];
        }
        return result;
    }

    private static int gzipped(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.size();
    }

    private static int countTasks(byte[] body) throws IOException {
        int count = 0;
        JsonNode nodes = JSON.readTree(body).path("nodes");
        for (JsonNode node : nodes) {
            count += node.path("tasks").size();
        }
        return count;
    }

    /** Whether the official client's list deserializer (the production path today) accepts the answer. */
    private static String clientParses(byte[] body) {
        try {
            JacksonJsonpMapper mapper = new JacksonJsonpMapper();
            ListResponse._DESERIALIZER.deserialize(mapper.jsonProvider().createParser(new ByteArrayInputStream(body)), mapper);
            return "parses";
        } catch (RuntimeException e) {
            return "FAILS";
        }
    }
}
