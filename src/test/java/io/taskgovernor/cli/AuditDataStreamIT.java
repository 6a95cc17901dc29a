package io.taskgovernor.cli;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskgovernor.audit.AuditDocument;
import io.taskgovernor.audit.AuditTrail;
import io.taskgovernor.audit.AuditTrails;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.DataStreamWriter;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.GovernancePass;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.metrics.GovernorMetrics;
import io.taskgovernor.policy.AuditDestination;
import io.taskgovernor.policy.AuditSettings;
import io.taskgovernor.policy.ClusterTarget;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.testing.ElasticsearchNode;
import io.taskgovernor.testing.EsHttp;
import io.taskgovernor.testing.FileRealmUser;
import io.taskgovernor.testing.RunawayTasks;
import io.taskgovernor.testing.SharedElasticsearch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The audit data stream on a real node with security: decisions of a pass become searchable
 * documents of a data stream; an audit cluster that does not answer costs enforcement nothing; the
 * privileges a writer needs. The integ-test-zip has no stack templates (no {@code logs-*-*} template:
 * it writes a plain index there), so the test creates the index template the README gives.
 */
class AuditDataStreamIT {
    /** Governs and writes the audit trail: monitor + cancel_task, create_doc + auto_configure on the data streams. */
    private static final FileRealmUser GOVERNOR = SharedElasticsearch.AUDIT_GOVERNOR;
    /** create_doc alone: appends to an existing data stream, cannot create one. */
    private static final FileRealmUser APPENDER = SharedElasticsearch.APPENDER;
    private static final String SEARCH = "indices:data/read/search";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ElasticsearchNode node;
    private static EsHttp admin;
    private static RunawayTasks tasks;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        node = SharedElasticsearch.basic();
        admin = node.http();
        tasks = new RunawayTasks(admin);
        // As the README tells an admin to, once per cluster (the writer holds no cluster privilege to do it).
        assertThat(admin.send("PUT", "/_index_template/taskgovernor-audit", """
                {"index_patterns": ["logs-taskgovernor.audit-*"], "data_stream": {}, "priority": 200,
                 "template": {"settings": {"number_of_replicas": 0}}}""", null).status()).isEqualTo(200);
    }

    /**
     * The runaway search of {@link RunawayTasks} (many seconds), sent with a W3C traceparent, from which
     * Elasticsearch sets the task's trace.id header. (The integ-test-zip has no reindex module: no by-query tasks.)
     */
    private static CompletableFuture<HttpResponse<String>> startTracedRunawaySearch(String opaqueId, String traceId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + "/" + RunawayTasks.INDEX + "/_search?request_cache=false"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (node.username() + ":" + node.password()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .header("X-Opaque-Id", opaqueId)
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"size":0,"aggs":{"t":{"terms":{"field":"k","size":40000},
                         "aggs":{"u":{"terms":{"field":"k","size":10}}}}}}""")).build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode search(String dataStream, String query) throws Exception {
        admin.send("POST", "/" + dataStream + "/_refresh", null, null);
        return JSON.readTree(admin.send("POST", "/" + dataStream + "/_search", query, null).body());
    }

    @Test
    void runOnceWritesEachDecisionAsASearchableDocumentOfTheDataStream() throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        tasks.indexKeywordDocs();
        CompletableFuture<HttpResponse<String>> search = startTracedRunawaySearch("audit-dashboard", traceId);
        String taskId = RunawayTasks.idOf(tasks.awaitRunningLongerThan(SEARCH, "audit-dashboard", Duration.ofSeconds(1)));
        Path policy = Files.writeString(dir.resolve("audited.yaml"), """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: audited, namespace: ops}
                spec:
                  elasticsearch: {url: "%s"}
                  rules:
                    - name: slow-searches
                      actions: ["indices:data/read/search*"]
                      opaqueIds: ["audit-*"]
                      maxRuntime: 1s
                  audit:
                    descriptionLimit: 20
                    dataStream: {}
                """.formatted(node.url()));
        Path password = Files.writeString(dir.resolve("pw"), node.password());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunCommand command = new RunCommand();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(command).execute("-f", policy.toString(), "--once", "-o", "json",
                "--username", GOVERNOR.name(), "--password-file", password.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(search.get(60, TimeUnit.SECONDS).body()).contains("task_cancelled_exception");
        JsonNode line = JSON.readTree(out.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains(taskId)).findFirst().orElseThrow());
        assertThat(line.path("traceId").asText()).isEqualTo(traceId);
        assertThat(line.path("matched").path("opaqueId").asText()).isEqualTo("audit-*");
        // run --once closed the trail, which flushed it: the document is there without waiting.
        JsonNode hits = search("logs-taskgovernor.audit-default", "{\"query\":{\"term\":{\"task.id.keyword\":\"" + taskId + "\"}}}")
                .path("hits").path("hits");
        System.out.println("[AuditDataStreamIT] Elasticsearch " + node.version() + " audit document: " + hits);
        assertThat(hits).hasSize(1);
        JsonNode hit = hits.get(0);
        assertThat(hit.path("_index").asText()).as("a backing index of the data stream")
                .startsWith(".ds-logs-taskgovernor.audit-default-");
        JsonNode doc = hit.path("_source");
        assertThat(doc.path("event").path("action").asText()).isEqualTo("cancel-requested");
        assertThat(doc.path("event").path("outcome").asText()).isEqualTo("success");
        assertThat(doc.path("rule").path("name").asText()).isEqualTo("slow-searches");
        assertThat(doc.path("rule").path("max_runtime_ms").asLong()).isEqualTo(1000);
        assertThat(doc.path("rule").path("matched").path("action").asText()).isEqualTo("indices:data/read/search*");
        assertThat(doc.path("trace").path("id").asText()).isEqualTo(traceId);
        assertThat(doc.path("task").path("action").asText()).isEqualTo(SEARCH);
        assertThat(doc.path("task").path("running_time_ms").asLong()).isGreaterThan(1000);
        assertThat(doc.path("task").path("description").asText()).isEqualTo("indices[runaway], se");
        assertThat(doc.path("task").path("description_truncated").asBoolean()).isTrue();
        assertThat(doc.path("task_governor").path("policy").path("name").asText()).isEqualTo("audited");
        assertThat(doc.path("task_governor").path("policy").path("namespace").asText()).isEqualTo("ops");
        assertThat(doc.path("task_governor").path("dry_run").asBoolean()).isFalse();
        assertThat(doc.path("task_governor").path("cluster").asText()).isEqualTo(node.url());
    }

    @Test
    void anAuditClusterThatDoesNotAnswerCostsEnforcementNothingAndAFullBufferDropsAndCounts() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Accepts connections and never answers: every bulk request hangs for its whole timeout.
            URI silentUrl = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            ClusterConnection auditCluster = new ClusterConnection(silentUrl, ClusterCredentials.NONE, null, Duration.ofSeconds(5));
            ClusterConnection governed = new ClusterConnection(URI.create(node.url()),
                    new ClusterCredentials.Basic(GOVERNOR.name(), node.password()), null, Duration.ofSeconds(10));
            CompiledPolicy policy = policy("stopped-audit").url(node.url())
                    .rule(rule("health", Duration.ofMillis(500), "cluster:monitor/health").opaqueIds("audit-stopped-*").build())
                    .audit(new AuditSettings(true, 1024, new AuditDestination("logs-taskgovernor.audit-stopped",
                            new ClusterTarget(silentUrl, null, null, null, Duration.ofSeconds(5)))))
                    .build();
            for (int i = 0; i < 5; i++) {
                tasks.startHealthWait("audit-stopped-" + i, 60);
            }
            for (int i = 0; i < 5; i++) {
                tasks.awaitRunningLongerThan("cluster:monitor/health", "audit-stopped-" + i, Duration.ofMillis(500));
            }
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            GovernorMetrics metrics = new GovernorMetrics(registry);
            AuditTrail.Settings small = new AuditTrail.Settings(2, 1, Duration.ofMillis(100), Duration.ofMillis(400),
                    Duration.ofMillis(500));
            AuditTrails audit = new AuditTrails(DataStreamWriter::new, small, Clock.systemUTC(), metrics::bindAudit, key -> { });
            audit.route(policy.key(), auditCluster);

            PassResult result;
            long handOverNanos;
            try (ElasticsearchTasksApi api = new ElasticsearchTasksApi(governed)) {
                result = new GovernancePass(Clock.systemUTC()).run(List.of(policy), api);
                long before = System.nanoTime();
                audit.onPass(governed, List.of(policy), result);
                handOverNanos = System.nanoTime() - before;
            }
            // The same decisions once more, on the trail now open (the first hand-over opens it: a thread,
            // class loading, metrics registered); with the buffer full they are all dropped at once.
            long again = System.nanoTime();
            audit.onPass(governed, List.of(policy), result);
            long warmNanos = System.nanoTime() - again;
            System.out.println("[AuditDataStreamIT] second hand-over " + warmNanos / 1_000 + " µs");
            assertThat(Duration.ofNanos(warmNanos)).isLessThan(Duration.ofMillis(500));

            assertThat(result.decisions()).hasSize(5).extracting(Decision::outcome).containsOnly(Outcome.CANCEL_REQUESTED);
            System.out.println("[AuditDataStreamIT] pass " + result.duration().toMillis() + " ms, audit hand-over "
                    + handOverNanos / 1_000 + " µs (audit cluster silent)");
            // Hand-over is five documents offered to a queue; one bulk request to the silent cluster takes its
            // whole 5 s timeout. (A bound, not a figure: the machine is shared with other builds.)
            assertThat(Duration.ofNanos(handOverNanos)).isLessThan(Duration.ofMillis(2500));
            for (int i = 0; i < 5; i++) {
                String opaqueId = "audit-stopped-" + i;
                await().atMost(Duration.ofSeconds(30)).until(() -> tasks.task("cluster:monitor/health", opaqueId)
                        .map(t -> t.path("cancelled").asBoolean()).orElse(true));
            }
            // Ten offered: one in flight, at most two buffered; the others were dropped, and counted.
            AuditTrail.Health health = await().atMost(Duration.ofSeconds(30))
                    .until(() -> audit.health(policy.key()).orElseThrow(), h -> h.failing() && h.retries() > 0);
            assertThat(health.written()).isZero();
            assertThat(health.dropped()).isGreaterThanOrEqualTo(7);
            assertThat(health.problem()).contains(silentUrl.toString());
            assertThat(registry.get("taskgovernor.audit.documents").tag("result", "dropped").functionCounter().count())
                    .isGreaterThanOrEqualTo(7);
            assertThat(registry.get("taskgovernor.audit.failing").gauge().value()).isEqualTo(1.0);

            audit.close();
            AuditTrail.Health closed = audit.health(policy.key()).orElseThrow();
            assertThat(closed.written() + closed.dropped() + closed.refused()).as("every document accounted for").isEqualTo(10);
        }
    }

    @Test
    void createDocAloneIsNotEnoughItCanNeitherCreateTheDataStreamNorMapANewField() throws Exception {
        ClusterConnection appender = new ClusterConnection(URI.create(node.url()),
                new ClusterCredentials.Basic(APPENDER.name(), node.password()), null, Duration.ofSeconds(10));
        // The stream exists (created by the superuser's document), its mapping has only @timestamp.
        assertThat(admin.send("POST", "/logs-taskgovernor.audit-existing/_doc", "{\"@timestamp\":\"2026-11-30T00:00:00Z\"}",
                null).status()).isEqualTo(201);
        Decision decision = new Decision(new io.taskgovernor.policy.PolicyKey("ops", "p"), "r",
                io.taskgovernor.testing.TaskBuilder.task("n:1").build(), Duration.ofSeconds(1), Duration.ZERO,
                Outcome.DRY_RUN, null, java.time.Instant.parse("2026-11-30T12:00:00Z"), null, null);

        AuditTrail.Health existing;
        AuditTrail.Health fresh;
        try (AuditTrail toExisting = trail(appender, "logs-taskgovernor.audit-existing");
             AuditTrail toNew = trail(appender, "logs-taskgovernor.audit-new")) {
            toExisting.offer(AuditDocument.of(decision, URI.create(node.url()), true));
            toNew.offer(AuditDocument.of(decision, URI.create(node.url()), true));
            existing = await().atMost(Duration.ofSeconds(30)).until(toExisting::health, h -> h.refused() == 1);
            fresh = await().atMost(Duration.ofSeconds(30)).until(toNew::health, h -> h.refused() == 1);
        }

        System.out.println("[AuditDataStreamIT] create_doc alone: new data stream: " + fresh.problem()
                + "; existing one, unmapped fields: " + existing.problem());
        assertThat(fresh.problem()).contains("HTTP 403", "indices:admin/auto_create", "auto_configure");
        assertThat(existing.problem()).contains("HTTP 403", "indices:admin/mapping/auto_put", "auto_configure");
        assertThat(existing.written() + fresh.written()).isZero();
    }

    private static AuditTrail trail(ClusterConnection cluster, String dataStream) {
        return new AuditTrail(() -> new DataStreamWriter(cluster, dataStream), dataStream, AuditTrail.Settings.DEFAULT,
                Clock.systemUTC());
    }
}
