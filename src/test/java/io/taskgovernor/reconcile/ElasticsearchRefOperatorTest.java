package io.taskgovernor.reconcile;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.taskgovernor.api.ElasticsearchRef;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.testing.TestSettings;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import io.taskgovernor.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policies naming an ECK Elasticsearch resource ({@code spec.elasticsearch.elasticsearchRef}) on the mock API
 * server, with ECK-shaped objects: the {@code Elasticsearch} resource is written as a generic resource, its
 * fields as ECK's {@code ElasticsearchStatus} names them (elastic/cloud-on-k8s, {@code pkg/apis/elasticsearch/v1}:
 * {@code availableNodes}, {@code version}, {@code health}, {@code phase}); the CA Secret as ECK writes
 * {@code <name>-es-http-certs-public} ({@code ca.crt} and {@code tls.crt}, labelled with the cluster name).
 * The clusters are scripted: what is checked is what the operator makes of the Kubernetes objects. Without
 * ECK installed: {@link ElasticsearchRefWithoutEckOperatorTest}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ElasticsearchRefOperatorTest {
    private static final String NS = "search";
    private static final String ECK_URL = "https://logs-es-http.search.svc:9200";
    static KubernetesClient client;

    @TempDir
    Path dir;

    private final Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();
    private final List<ClusterConnection> connections = new CopyOnWriteArrayList<>();
    private OperatorHarness harness;

    private OperatorHarness start(boolean allowCrossNamespace) {
        OperatorSettings settings = new OperatorSettings(Set.of(), OperatorSettings.DEFAULT_LEASE_NAME, null, Duration.ofSeconds(3),
                "test-operator", 0, false, null, allowCrossNamespace, null, TestSettings.POLLER_CLOSE_WAIT);
        harness = new OperatorHarness(client, connection -> {
            connections.add(connection);
            if (connection.caPem() != null) {
                // The real client is built as in production, so a CA it could not use fails here too.
                new ElasticsearchTasksApi(connection).close();
            }
            return clusters.computeIfAbsent(connection.url().toString(), u -> new FakeCluster()
                    .add(task("n1:1").runningSeconds(30).build()));
        }, settings);
        return harness;
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        client.resources(TaskPolicy.class).inAnyNamespace().delete();
        client.genericKubernetesResources(ReferencedElasticsearches.ELASTICSEARCH).inAnyNamespace().delete();
        client.secrets().inAnyNamespace().delete();
    }

    @Test
    void urlCaAndCredentialsComeFromEcksObjectsAndStatusShowsTheClustersHealth() {
        start(false);
        String ca = TestCertificates.caPem(dir);
        createElasticsearch(NS, "logs", "green", "Ready");
        createCaSecret(NS, "logs", ca);
        client.resource(new SecretBuilder().withNewMetadata().withName("es-governor").withNamespace(NS).endMetadata()
                .withStringData(Map.of("username", "governor", "password", "s3cret")).build()).create();

        client.resource(refPolicy("searches", new ElasticsearchRef("logs", null), "es-governor")).create();

        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            TaskPolicy policy = harness.get(NS, "searches");
            assertThat(ready(policy).getReason()).isEqualTo("Governing");
            assertThat(policy.getStatus().getCancellationsTotal()).isEqualTo(1L);
            assertThat(policy.getStatus().getElasticsearchHealth()).isEqualTo("green");
            assertThat(policy.getStatus().getElasticsearchPhase()).isEqualTo("Ready");
        });
        assertThat(connections).last().satisfies(c -> {
            assertThat(c.url()).hasToString(ECK_URL);
            assertThat(c.caPem()).isEqualTo(ca);
            assertThat(c.credentials()).isEqualTo(new ClusterCredentials.Basic("governor", "s3cret"));
        });
        assertThat(clusters.get(ECK_URL).cancelled()).containsExactly("n1:1");

        // ECK rolls the cluster: the policy's status follows the resource.
        setHealth(NS, "logs", "yellow", "ApplyingChanges");
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            TaskPolicy policy = harness.get(NS, "searches");
            assertThat(policy.getStatus().getElasticsearchHealth()).isEqualTo("yellow");
            assertThat(policy.getStatus().getElasticsearchPhase()).isEqualTo("ApplyingChanges");
        });
    }

    @Test
    void aMissingElasticsearchThenAMissingCaSecretAreReadyReasonsAndThePolicyRecoversWhenTheyAppear() {
        start(false);
        client.resource(refPolicy("searches", new ElasticsearchRef("logs", NS), null)).create();

        awaitReady("searches", ReadyReason.ElasticsearchNotFound, "Elasticsearch search/logs, which does not exist");

        // Each arrival is seen through a watch: the one-minute recheck of a missing resource is far off.
        createElasticsearch(NS, "logs", null, null);
        awaitReady("searches", ReadyReason.CertificateNotFound, "Secret search/logs-es-http-certs-public");
        assertThat(harness.get(NS, "searches").getStatus().getElasticsearchHealth()).as("no status from ECK yet").isEqualTo("unknown");
        assertThat(connections).isEmpty();

        createCaSecret(NS, "logs", TestCertificates.caPem(dir));
        awaitReady("searches", ReadyReason.Governing, "governed");
        assertThat(connections).extracting(c -> c.url().toString()).containsOnly(ECK_URL);
        assertThat(harness.eventsFor(NS, "searches")).extracting(e -> e.getReason())
                .contains(EventReason.ElasticsearchReferenceUnresolved.name());
    }

    @Test
    void aReferenceToAnotherNamespaceIsRefusedAndNothingThereIsWatched() {
        start(false);
        createElasticsearch("elastic", "logs", "green", "Ready");
        createCaSecret("elastic", "logs", TestCertificates.caPem(dir));

        client.resource(refPolicy("searches", new ElasticsearchRef("logs", "elastic"), null)).create();

        awaitReady("searches", ReadyReason.CrossNamespaceReferenceRefused, "ALLOW_CROSS_NAMESPACE_REFERENCES=true");
        assertThat(connections).isEmpty();
        assertThat(harness.get(NS, "searches").getStatus().getElasticsearchHealth()).isNull();
    }

    @Test
    void aReferenceToAnotherNamespaceIsFollowedWhenAllowedWithTheCaFromThere() {
        start(true);
        String ca = TestCertificates.caPem(dir);
        createElasticsearch("elastic", "logs", "red", "Ready");
        createCaSecret("elastic", "logs", ca);

        client.resource(refPolicy("searches", new ElasticsearchRef("logs", "elastic"), null)).create();

        awaitReady("searches", ReadyReason.Governing, "governed");
        assertThat(harness.get(NS, "searches").getStatus().getElasticsearchHealth()).isEqualTo("red");
        assertThat(connections).last().satisfies(c -> {
            assertThat(c.url()).hasToString("https://logs-es-http.elastic.svc:9200");
            assertThat(c.caPem()).isEqualTo(ca);
        });
    }

    static TaskPolicy refPolicy(String name, ElasticsearchRef ref, String credentialsSecret) {
        TaskPolicy policy = Policies.policy(NS, name, null, "10s", "indices:data/read/search*");
        policy.getSpec().getElasticsearch().setElasticsearchRef(ref);
        policy.getSpec().getElasticsearch().setCredentialsSecret(credentialsSecret);
        return policy;
    }

    private static void createElasticsearch(String namespace, String name, String health, String phase) {
        String status = health == null ? "" : """
                ,"status":{"availableNodes":3,"version":"8.19.21","health":"%s","phase":"%s"}""".formatted(health, phase);
        GenericKubernetesResource es = Serialization.unmarshal("""
                {"apiVersion":"elasticsearch.k8s.elastic.co/v1","kind":"Elasticsearch",
                 "metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"version":"8.19.21","nodeSets":[{"name":"default","count":3}]}%s}""".formatted(name, namespace, status),
                GenericKubernetesResource.class);
        client.genericKubernetesResources(ReferencedElasticsearches.ELASTICSEARCH).inNamespace(namespace).resource(es).create();
    }

    private static void setHealth(String namespace, String name, String health, String phase) {
        client.genericKubernetesResources(ReferencedElasticsearches.ELASTICSEARCH).inNamespace(namespace).withName(name)
                .edit(es -> {
                    es.getAdditionalProperties().put("status", Map.of("availableNodes", 3, "version", "8.19.21",
                            "health", health, "phase", phase));
                    return es;
                });
    }

    private static void createCaSecret(String namespace, String esName, String caPem) {
        client.resource(new SecretBuilder().withNewMetadata().withName(esName + "-es-http-certs-public").withNamespace(namespace)
                .withLabels(Map.of("elasticsearch.k8s.elastic.co/cluster-name", esName, "common.k8s.elastic.co/type", "elasticsearch"))
                .endMetadata()
                .withStringData(Map.of("ca.crt", caPem, "tls.crt", caPem)).build()).create();
    }

    private void awaitReady(String name, ReadyReason reason, String messagePart) {
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            TaskPolicy policy = harness.get(NS, name);
            assertThat(ready(policy).getReason()).as(() -> Serialization.asYaml(policy.getStatus())).isEqualTo(reason.name());
            assertThat(ready(policy).getMessage()).contains(messagePart);
        });
    }

    private static Condition ready(TaskPolicy policy) {
        return policy.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
    }
}
