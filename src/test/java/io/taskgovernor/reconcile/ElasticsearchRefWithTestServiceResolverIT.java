package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.taskgovernor.api.DecisionRecord;
import io.taskgovernor.api.ElasticsearchRef;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.testing.ElasticsearchNode;
import io.taskgovernor.testing.FileRealmUser;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import io.taskgovernor.testing.RunawayTasks;
import io.taskgovernor.testing.SharedElasticsearch;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A runaway task on a real Elasticsearch node serving TLS is cancelled through {@code elasticsearchRef}: the
 * node's CA (made for the test with the JDK's {@code keytool}, see {@link io.taskgovernor.testing.TestCertificates}) is written into
 * an ECK-shaped {@code logs-es-http-certs-public} Secret, the governor's least-privilege user ({@code monitor},
 * {@code cancel_task}) into its credentials Secret, and an ECK-shaped {@code Elasticsearch} resource {@code logs}
 * onto the mock API server.
 *
 * <p>The test-only service resolver: there is no Kubernetes DNS here, so the client factory the operator is
 * given maps the service URL the governor derived ({@code https://logs-es-http.search.svc:9200}) to the local
 * node's address, keeping the CA and credentials the governor read from the Secrets; anything else is refused.
 * Everything before that (the URL, the CA, the credentials) and everything after it (TLS with that CA, the
 * cancel) is the production path.
 */
@EnableKubernetesMockClient(crud = true)
class ElasticsearchRefWithTestServiceResolverIT {
    private static final String NS = "search";
    private static final URI SERVICE = URI.create("https://logs-es-http.search.svc:9200");
    private static final FileRealmUser GOVERNOR = SharedElasticsearch.GOVERNOR;
    static KubernetesClient client;
    private static ElasticsearchNode node;

    @BeforeAll
    static void startNode() {
        node = SharedElasticsearch.tls();
    }

    @Test
    void aRunawayTaskIsCancelledThroughTheEckServiceNameWithTheCaFromEcksSecret() throws Exception {
        List<URI> asked = new CopyOnWriteArrayList<>();
        try (OperatorHarness harness = new OperatorHarness(client, connection -> {
            asked.add(connection.url());
            return new ElasticsearchTasksApi(resolvedToTheLocalNode(connection));
        })) {
            client.genericKubernetesResources(ReferencedElasticsearches.ELASTICSEARCH).inNamespace(NS).resource(Serialization.unmarshal("""
                    {"apiVersion":"elasticsearch.k8s.elastic.co/v1","kind":"Elasticsearch",
                     "metadata":{"name":"logs","namespace":"search"},
                     "spec":{"version":"8.19.21","nodeSets":[{"name":"default","count":1}]},
                     "status":{"availableNodes":1,"version":"8.19.21","health":"green","phase":"Ready"}}""",
                    GenericKubernetesResource.class)).create();
            String ca = Files.readString(node.caFile());
            client.resource(new SecretBuilder().withNewMetadata().withName("logs-es-http-certs-public").withNamespace(NS)
                    .withLabels(Map.of("elasticsearch.k8s.elastic.co/cluster-name", "logs")).endMetadata()
                    .withStringData(Map.of("ca.crt", ca, "tls.crt", ca)).build()).create();
            client.resource(new SecretBuilder().withNewMetadata().withName("es-governor").withNamespace(NS).endMetadata()
                    .withStringData(Map.of("username", GOVERNOR.name(), "password", node.password())).build()).create();

            RunawayTasks runaway = new RunawayTasks(node.http());
            runaway.startHealthWait("eck-runaway", 60);
            runaway.awaitTask("cluster:monitor/health", "eck-runaway");
            TaskPolicy policy = Policies.policy(NS, "health-waits", null, "2s", "cluster:monitor/health");
            policy.getSpec().getElasticsearch().setElasticsearchRef(new ElasticsearchRef("logs", null));
            policy.getSpec().getElasticsearch().setCredentialsSecret("es-governor");
            policy.getSpec().getRules().get(0).setOpaqueIds(List.of("eck-runaway"));
            client.resource(policy).create();

            await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TaskPolicy seen = harness.get(NS, "health-waits");
                assertThat(seen.getStatus().getCancellationsTotal()).isEqualTo(1L);
                DecisionRecord record = seen.getStatus().getRecentDecisions().get(0);
                assertThat(record.getOpaqueId()).isEqualTo("eck-runaway");
                assertThat(record.getAction()).isEqualTo("cluster:monitor/health");
                assertThat(seen.getStatus().getElasticsearchHealth()).isEqualTo("green");
                assertThat(seen.getStatus().getConditions().get(0).getReason()).isEqualTo("Governing");
            });
            // A health wait ignores its cancellation until its own timeout (GovernanceIT): Elasticsearch marks it cancelled.
            assertThat(runaway.task("cluster:monitor/health", "eck-runaway").orElseThrow().path("cancelled").asBoolean())
                    .as("cancelled through the governor's cancel").isTrue();
            assertThat(asked).containsOnly(SERVICE);
        } finally {
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
        }
    }

    /** The test-only resolver: ECK's service name stands for the local node; nothing else is reachable. */
    private static ClusterConnection resolvedToTheLocalNode(ClusterConnection connection) {
        if (!connection.url().equals(SERVICE)) {
            throw new IllegalArgumentException("the test resolves only " + SERVICE + ", not " + connection.url());
        }
        return new ClusterConnection(URI.create(node.url()), connection.credentials(), connection.caPem(),
                connection.requestTimeout());
    }
}
