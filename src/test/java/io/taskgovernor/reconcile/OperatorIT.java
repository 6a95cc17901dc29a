package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.taskgovernor.api.DecisionRecord;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.metrics.HealthServer;
import io.taskgovernor.testing.CountingTasksApi;
import io.taskgovernor.testing.ElasticsearchNode;
import io.taskgovernor.testing.EsHttp;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import io.taskgovernor.testing.RunawayTasks;
import io.taskgovernor.testing.SharedElasticsearch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real operator on the mock API server, governing real Elasticsearch nodes. */
@EnableKubernetesMockClient(crud = true)
class OperatorIT {
    private static final String NS = "search";
    static KubernetesClient client;

    private final Map<io.taskgovernor.elasticsearch.ClusterConnection, CountingTasksApi> clusters = new ConcurrentHashMap<>();
    private OperatorHarness harness;
    private ElasticsearchNode node;
    private RunawayTasks runaway;

    @BeforeEach
    void start() {
        node = SharedElasticsearch.node();
        runaway = new RunawayTasks(node.http());
        harness = new OperatorHarness(client, connection -> clusters.computeIfAbsent(
                connection, k -> new CountingTasksApi(new ElasticsearchTasksApi(connection))));
    }

    @AfterEach
    void stop() {
        harness.close();
        client.resources(TaskPolicy.class).inAnyNamespace().delete();
    }

    private static Condition ready(TaskPolicy policy) {
        return policy == null || policy.getStatus() == null ? null : policy.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    }

    private void awaitReady(String name, String status, ReadyReason reason, Duration within) {
        await().ignoreExceptions().atMost(within).untilAsserted(() -> {
            Condition ready = ready(harness.get(NS, name));
            assertThat(ready.getStatus()).isEqualTo(status);
            assertThat(ready.getReason()).isEqualTo(reason.name());
        });
    }

    private static TaskPolicy narrowedTo(TaskPolicy policy, String opaqueId) {
        policy.getSpec().getRules().get(0).setOpaqueIds(java.util.List.of(opaqueId));
        return policy;
    }

    @Test
    void aNewPolicyGetsARunawaySearchCancelledAndRecordsItInStatusEventsAndMetrics() throws Exception {
        runaway.indexKeywordDocs();
        CompletableFuture<EsHttp.Response> search = runaway.startRunawaySearch("op-dashboard");
        runaway.awaitTask("indices:data/read/search", "op-dashboard");
        try (HealthServer health = new HealthServer(0, harness.registry(), harness.operator()::isReady)) {
            client.resource(narrowedTo(Policies.policy(NS, "searches", node.url(), "2s", "indices:data/read/search*"),
                    "op-dashboard")).create();

            await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TaskPolicy policy = harness.get(NS, "searches");
                assertThat(policy.getStatus().getCancellationsTotal()).isEqualTo(1L);
                DecisionRecord record = policy.getStatus().getRecentDecisions().get(0);
                assertThat(record.getOpaqueId()).isEqualTo("op-dashboard");
                assertThat(record.getAction()).isEqualTo("indices:data/read/search");
                assertThat(harness.eventsFor(NS, "searches")).anySatisfy(e ->
                        assertThat(e.getReason()).isEqualTo("TaskCancelled"));
            });
            awaitReady("searches", "True", ReadyReason.Governing, Duration.ofSeconds(10));
            assertThat(search.join().body()).contains("task_cancelled_exception");

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + health.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .contains("taskgovernor_decisions_total{outcome=\"CANCEL_REQUESTED\",policy=\"search/searches\",rule=\"rule-1\"} 1.0")
                    .contains("taskgovernor_pass_duration_seconds_count")
                    .contains("taskgovernor_governed_tasks{policy=\"search/searches\"}");
            HttpResponse<String> readyz = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + health.port() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(readyz.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPolicyWithADataStreamWritesItsDecisionsThereAndSaysSoInItsAuditCondition() throws Exception {
        // The integ-test-zip has no logs-*-* template: the one the README gives, for this test's name only.
        assertThat(node.http().send("PUT", "/_index_template/operator-it-audit", """
                {"index_patterns": ["logs-taskgovernor.audit-operatorit"], "data_stream": {}, "priority": 300,
                 "template": {"settings": {"number_of_replicas": 0}}}""", null).status()).isEqualTo(200);
        runaway.startHealthWait("op-audited", 60);
        runaway.awaitTask("cluster:monitor/health", "op-audited");
        TaskPolicy policy = narrowedTo(Policies.policy(NS, "audited", node.url(), "1s", "cluster:monitor/health"), "op-audited");
        io.taskgovernor.api.AuditDataStreamSpec dataStream = new io.taskgovernor.api.AuditDataStreamSpec();
        dataStream.setName("logs-taskgovernor.audit-operatorit");
        io.taskgovernor.api.AuditSpec audit = new io.taskgovernor.api.AuditSpec();
        audit.setDataStream(dataStream);
        policy.getSpec().setAudit(audit);
        client.resource(policy).create();

        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TaskPolicy seen = harness.get(NS, "audited");
            assertThat(seen.getStatus().getCancellationsTotal()).isEqualTo(1L);
            Condition condition = seen.getStatus().getConditions().stream()
                    .filter(c -> "AuditTrail".equals(c.getType())).findFirst().orElseThrow();
            assertThat(condition.getStatus()).isEqualTo("True");
            assertThat(condition.getReason()).isEqualTo("Writing");
            assertThat(condition.getMessage()).contains("logs-taskgovernor.audit-operatorit", node.url());
        });
        node.http().send("POST", "/logs-taskgovernor.audit-operatorit/_refresh", null, null);
        String hits = node.http().send("POST", "/logs-taskgovernor.audit-operatorit/_search",
                "{\"query\":{\"term\":{\"task.opaque_id.keyword\":\"op-audited\"}}}", null).body();
        assertThat(hits).contains("\"_index\":\".ds-logs-taskgovernor.audit-operatorit-")
                .contains("\"name\":\"audited\"").contains("\"namespace\":\"search\"").contains("cancel-requested");
        assertThat(ready(harness.get(NS, "audited")).getReason()).isEqualTo(ReadyReason.Governing.name());
        HttpResponse<String> metrics;
        try (HealthServer health = new HealthServer(0, harness.registry(), harness.operator()::isReady)) {
            metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + health.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(metrics.body()).containsPattern(
                "taskgovernor_audit_documents_total\\{cluster=\"[^\"]+\",data_stream=\"logs-taskgovernor.audit-operatorit\",result=\"written\"} 1.0");
    }

    @Test
    void aTaskSeenBeforeItsDeadlineIsCancelledJustAfterItEvenWithALongInterval() {
        runaway.startHealthWait("op-deadline", 60);
        runaway.awaitTask("cluster:monitor/health", "op-deadline");
        TaskPolicy policy = narrowedTo(Policies.policy(NS, "deadline", node.url(), "5s", "cluster:monitor/health"), "op-deadline");
        policy.getSpec().setInterval("10m");
        client.resource(policy).create();

        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(harness.get(NS, "deadline").getStatus().getCancellationsTotal()).isEqualTo(1L));

        DecisionRecord record = harness.get(NS, "deadline").getStatus().getRecentDecisions().get(0);
        assertThat(record.getRunningTimeMs()).as("cancelled just after maxRuntime 5s, not an interval (10m) later")
                .isBetween(5_000L, 6_000L);
    }

    @Test
    void twoPoliciesOnOneRealClusterCostOneListCallPerTick() {
        client.resource(Policies.policy(NS, "one", node.url(), "1h", "indices:data/read/search*")).create();
        client.resource(Policies.policy(NS, "two", node.url(), "1h", "cluster:monitor/health")).create();
        awaitReady("one", "True", ReadyReason.Governing, Duration.ofSeconds(20));
        awaitReady("two", "True", ReadyReason.Governing, Duration.ofSeconds(20));
        // One client and one poller for both; that a poller lists once a pass for all its policies is
        // ClusterPollerTest's, that they share one poller is ClusterPollersTest's.
        assertThat(clusters).hasSize(1);
        assertThat(harness.operator().pollerCount()).isEqualTo(1);
        CountingTasksApi cluster = clusters.values().iterator().next();
        int before = cluster.lists();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.lists() > before);
    }

    @Test
    void aSecretAuthenticatedClusterIsGovernedAndAWrongPasswordIsUnauthorized() {
        ElasticsearchNode secured = SharedElasticsearch.basic();
        try {
            client.resource(new SecretBuilder().withNewMetadata().withName("es-creds").withNamespace(NS).endMetadata()
                    .withStringData(Map.of("username", secured.username(), "password", secured.password())).build()).create();
            TaskPolicy policy = Policies.policy(NS, "secured", secured.url(), "1h", "indices:data/read/search*");
            policy.getSpec().getElasticsearch().setCredentialsSecret("es-creds");
            client.resource(policy).create();
            awaitReady("secured", "True", ReadyReason.Governing, Duration.ofSeconds(20));

            client.resource(new SecretBuilder().withNewMetadata().withName("es-creds").withNamespace(NS).endMetadata()
                    .withStringData(Map.of("username", secured.username(), "password", "wrong")).build()).update();
            awaitReady("secured", "False", ReadyReason.Unauthorized, Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(harness.eventsFor(NS, "secured")).anySatisfy(e ->
                            assertThat(e.getReason()).isEqualTo("Unauthorized")));
            String everything = harness.get(NS, "secured").toString() + harness.eventsFor(NS, "secured");
            assertThat(everything).doesNotContain(secured.password());
        } finally {
            client.secrets().inNamespace(NS).withName("es-creds").delete();
        }
    }

    @Test
    void stoppingElasticsearchTurnsReadyFalseAndStartingItAgainRecoversWithoutRestartingTheOperator() {
        try (ElasticsearchNode flaky = ElasticsearchNode.start(ElasticsearchNode.Security.NONE)) {
            client.resource(Policies.policy(NS, "flaky", flaky.url(), "1h", "indices:data/read/search*")).create();
            awaitReady("flaky", "True", ReadyReason.Governing, Duration.ofSeconds(20));

            flaky.stop();
            awaitReady("flaky", "False", ReadyReason.ElasticsearchUnavailable, Duration.ofSeconds(30));
            // Events are written just after the status patch, so the condition can be seen first.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(harness.eventsFor(NS, "flaky")).anySatisfy(e -> {
                        assertThat(e.getReason()).isEqualTo("ElasticsearchUnavailable");
                        assertThat(e.getType()).isEqualTo("Warning");
                    }));

            flaky.restart();
            awaitReady("flaky", "True", ReadyReason.Governing, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(harness.eventsFor(NS, "flaky")).anySatisfy(e ->
                            assertThat(e.getReason()).isEqualTo("ElasticsearchAvailable")));
        }
    }
}
