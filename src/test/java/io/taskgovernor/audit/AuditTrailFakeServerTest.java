package io.taskgovernor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.DataStreamWriter;
import io.taskgovernor.testing.ScriptedHttpServer;
import io.taskgovernor.testing.ScriptedHttpServer.Reply;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What a real node cannot show on demand: bulk items refused for now (429) and a cluster answering
 * 503, then recovering. Bodies as Elasticsearch 8.19.21 writes a bulk answer (captured from the real
 * node in AuditDataStreamIT's runs: a {@code create} item with {@code status} 201, and a refused one
 * with {@code _id: null}, {@code status} and {@code error.type/reason}); the 429 item is that refused
 * shape with the type Elasticsearch gives a full write queue ({@code es_rejected_execution_exception}).
 * One document a request ({@code batchSize} 1), so each answer has one item.
 */
class AuditTrailFakeServerTest {
    private static final String WRITTEN = """
            {"errors":false,"took":3,"items":[{"create":{"_index":".ds-logs-taskgovernor.audit-default-2026.11.30-000001",\
            "_id":"KCUfLKIBo4DEDAy11GxS","_version":1,"result":"created","_shards":{"total":1,"successful":1,"failed":0},\
            "_seq_no":0,"_primary_term":1,"status":201}}]}""";
    private static final String REJECTED = """
            {"errors":true,"took":1,"items":[{"create":{"_index":"logs-taskgovernor.audit-default","_id":null,"status":429,\
            "error":{"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"}}}]}""";
    private static final String MAPPING_CONFLICT = """
            {"errors":true,"took":1,"items":[{"create":{"_index":"logs-taskgovernor.audit-default","_id":null,"status":400,\
            "error":{"type":"document_parsing_exception","reason":"[1:30] failed to parse field [task.id] of type [long]"}}}]}""";
    private static final Map<String, Object> DOC = Map.of("@timestamp", "2026-11-30T12:00:00Z", "task", Map.of("id", "n:1"));
    private static final AuditTrail.Settings FAST = new AuditTrail.Settings(100, 1, Duration.ofMillis(50),
            Duration.ofMillis(200), Duration.ofSeconds(5));

    private static AuditTrail trail(ScriptedHttpServer server) {
        ClusterConnection cluster = new ClusterConnection(URI.create(server.url()), ClusterCredentials.NONE, null,
                Duration.ofSeconds(5));
        return new AuditTrail(() -> new DataStreamWriter(cluster, "logs-taskgovernor.audit-default"),
                "logs-taskgovernor.audit-default", FAST, Clock.systemUTC());
    }

    /** Answers the n-th request (from 0) with the n-th reply, and the last reply from then on. */
    private static Function<ScriptedHttpServer.Request, Reply> inTurn(Reply... replies) {
        AtomicInteger n = new AtomicInteger();
        return request -> replies[Math.min(n.getAndIncrement(), replies.length - 1)];
    }

    @Test
    void aDocumentRefusedForNowIsSentAgainAfterABackOffAndWritten() {
        try (ScriptedHttpServer server = new ScriptedHttpServer(inTurn(Reply.json(200, REJECTED), Reply.json(200, WRITTEN)));
             AuditTrail trail = trail(server)) {
            trail.offer(DOC);

            AuditTrail.Health health = await().atMost(Duration.ofSeconds(10)).until(trail::health, h -> h.written() == 1);

            assertThat(health.retries()).isEqualTo(1);
            assertThat(health.refused()).isZero();
            assertThat(health.problem()).as("cleared by the write").isNull();
            assertThat(server.requests()).hasSize(2).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.path()).startsWith("/logs-taskgovernor.audit-default/_bulk");
                assertThat(r.header("X-Opaque-Id")).isEqualTo("task-governor/audit");
            });
        }
    }

    @Test
    void aClusterAnswering503IsRetriedUntilItRecoversAndFailsMeanwhile() {
        Reply unavailable = Reply.json(503, """
                {"error":{"root_cause":[{"type":"cluster_block_exception","reason":"blocked"}],\
                "type":"cluster_block_exception","reason":"blocked"},"status":503}""");
        AtomicInteger calls = new AtomicInteger();
        try (ScriptedHttpServer server = new ScriptedHttpServer(r -> calls.incrementAndGet() <= 3 ? unavailable
                : Reply.json(200, WRITTEN));
             AuditTrail trail = trail(server)) {
            trail.offer(DOC);

            AuditTrail.Health failing = await().atMost(Duration.ofSeconds(10)).until(trail::health, AuditTrail.Health::failing);
            assertThat(failing.problem()).contains("503");
            AuditTrail.Health recovered = await().atMost(Duration.ofSeconds(10)).until(trail::health, h -> h.written() == 1);

            assertThat(recovered.retries()).isEqualTo(3);
            assertThat(recovered.failing()).isFalse();
            assertThat(server.requests()).hasSize(4);
        }
    }

    @Test
    void aDocumentRefusedForGoodIsCountedAndNeverSentAgain() {
        try (ScriptedHttpServer server = new ScriptedHttpServer(inTurn(Reply.json(200, MAPPING_CONFLICT), Reply.json(200, WRITTEN)));
             AuditTrail trail = trail(server)) {
            trail.offer(DOC);
            AuditTrail.Health refused = await().atMost(Duration.ofSeconds(10)).until(trail::health, h -> h.refused() == 1);
            assertThat(refused.problem()).contains("HTTP 400 document_parsing_exception", "task.id");

            trail.offer(DOC);
            AuditTrail.Health after = await().atMost(Duration.ofSeconds(10)).until(trail::health, h -> h.written() == 1);

            assertThat(server.requests()).as("the refused document was not sent again").hasSize(2);
            assertThat(after.retries()).isZero();
            assertThat(after.refused()).isEqualTo(1);
        }
    }

    @Test
    void closeSendsWhatIsBufferedBeforeItStops() {
        try (ScriptedHttpServer server = new ScriptedHttpServer(r -> Reply.json(200, WRITTEN))) {
            AuditTrail trail = trail(server);
            for (int i = 0; i < 20; i++) {
                assertThat(trail.offer(DOC)).isTrue();
            }

            trail.close();

            assertThat(trail.health().written()).isEqualTo(20);
            assertThat(trail.health().dropped()).isZero();
            assertThat(trail.offer(DOC)).as("a closed trail drops").isFalse();
            assertThat(trail.health().dropped()).isEqualTo(1);
        }
    }

    @Test
    void aFullBufferDropsAndCountsWithoutWaiting() {
        try (ScriptedHttpServer server = new ScriptedHttpServer(r -> Reply.hangs())) {
            AuditTrail trail = new AuditTrail(() -> new DataStreamWriter(new ClusterConnection(URI.create(server.url()),
                    ClusterCredentials.NONE, null, Duration.ofSeconds(30)), "logs-taskgovernor.audit-default"),
                    "logs-taskgovernor.audit-default",
                    new AuditTrail.Settings(3, 1, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(200)),
                    Clock.systemUTC());
            trail.offer(DOC);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() == 1); // one in flight, hanging

            long started = System.nanoTime();
            List<Boolean> taken = java.util.stream.IntStream.range(0, 10).mapToObj(i -> trail.offer(DOC)).toList();
            Duration offering = Duration.ofNanos(System.nanoTime() - started);

            assertThat(taken).containsExactly(true, true, true, false, false, false, false, false, false, false);
            assertThat(trail.health().dropped()).isEqualTo(7);
            assertThat(trail.health().buffered()).isEqualTo(3);
            assertThat(offering).as("offers never wait for the cluster").isLessThan(Duration.ofSeconds(1));
            trail.close();
            assertThat(trail.health().written()).isZero();
            assertThat(trail.health().dropped()).as("the in-flight one and the buffered ones, at close").isEqualTo(11);
        }
    }
}
