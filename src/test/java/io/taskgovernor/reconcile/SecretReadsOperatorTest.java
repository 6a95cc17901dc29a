package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.taskgovernor.api.SecretKeyRef;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ElasticsearchError;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator reads the Secrets its policies name and no other: on the mock API server, every Secret
 * request the operator makes is recorded (the test's own writes go through a second client with its
 * own User-Agent, and are left out), and changes to a named Secret still take effect at once.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class SecretReadsOperatorTest {
    private static final String NS = "search";
    private static final String OTHER_NS = "apps";
    private static final String TEST_AGENT = "secret-reads-test-writer";
    static KubernetesClient client;
    static KubernetesMockServer server;

    /** Writes Secrets as a user would; its requests are told apart from the operator's. */
    private KubernetesClient writer;
    private final Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();
    private OperatorHarness harness;

    @BeforeEach
    void start() throws InterruptedException {
        writer = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(TEST_AGENT).build()).build();
        operatorSecretRequests(); // drop what earlier tests of the class recorded
        harness = new OperatorHarness(client, connection -> {
            FakeCluster cluster = new FakeCluster();
            // The cluster accepts one password, as Elasticsearch would: anything else is a 401 on the listing.
            if (!new ClusterCredentials.Basic("governor", "right").equals(connection.credentials())) {
                cluster.failWith(() -> new ElasticsearchError("list tasks on http://es-secured:9200", 401, "security_exception", "unable to authenticate user [governor]"));
            }
            clusters.put(connection.url().toString(), cluster);
            return cluster;
        });
    }

    @AfterEach
    void stop() {
        harness.close();
        client.resources(TaskPolicy.class).inAnyNamespace().delete();
        client.secrets().inAnyNamespace().delete();
        writer.close();
    }

    @Test
    void aWrongPasswordFixedInItsSecretMakesThePolicyReadyAtOnce() throws InterruptedException {
        writeSecret(NS, "es-creds", Map.of("username", "governor", "password", "wrong"));
        client.resource(policy("fixed", "es-creds")).create();
        awaitReady("fixed", "False", ReadyReason.Unauthorized);

        writeSecret(NS, "es-creds", Map.of("username", "governor", "password", "right"));

        // The interval is an hour: only the Secret's change can bring the policy back this soon.
        awaitReady("fixed", "True", ReadyReason.Governing);
        assertThat(operatorSecretRequests()).allSatisfy(path -> assertThat(path).contains("fieldSelector=metadata.name%3Des-creds"));
    }

    @Test
    void secretsNoPolicyNamesAreNeverListedWatchedOrRead() throws InterruptedException {
        writeSecret(NS, "sh.helm.release.v1.search-ui.v7", Map.of("release", "H4sI".repeat(1000)));
        writeSecret(OTHER_NS, "db-password", Map.of("password", "not-ours"));
        writeSecret(NS, "es-creds", Map.of("username", "governor", "password", "right"));
        writeSecret(NS, "es-ca", Map.of("ca.crt", "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n"));
        client.resource(policy("named", "es-creds")).create();
        awaitReady("named", "True", ReadyReason.Governing);
        // Changes to Secrets no policy names: nothing of them may reach the operator.
        writeSecret(NS, "sh.helm.release.v1.search-ui.v7", Map.of("release", "H4sI".repeat(2000)));
        writeSecret(OTHER_NS, "db-password", Map.of("password", "still-not-ours"));
        writeSecret(NS, "es-ca", Map.of("ca.crt", "changed"));
        // A policy now naming the CA Secret as well: it is watched from then on.
        TaskPolicy withCa = harness.get(NS, "named");
        withCa.getSpec().getElasticsearch().setCaSecret(new SecretKeyRef("es-ca", "ca.crt"));
        client.resource(withCa).update();
        awaitReady("named", "False", ReadyReason.CredentialsUnavailable);

        List<String> requests = operatorSecretRequests();
        assertThat(requests).as("the operator read the Secrets its policy names").isNotEmpty()
                .anySatisfy(path -> assertThat(path).contains("fieldSelector=metadata.name%3Des-creds"))
                .anySatisfy(path -> assertThat(path).contains("fieldSelector=metadata.name%3Des-ca"));
        assertThat(requests).as("every Secret request names one Secret a policy names")
                .allSatisfy(path -> assertThat(path).startsWith("/api/v1/namespaces/" + NS + "/secrets?")
                        .containsAnyOf("fieldSelector=metadata.name%3Des-creds&", "fieldSelector=metadata.name%3Des-ca&"));
    }

    @Test
    void aSecretDeletedThenCreatedAgainBringsThePolicyBack() {
        client.resource(policy("recovering", "es-creds")).create();
        awaitReady("recovering", "False", ReadyReason.CredentialsUnavailable);
        assertThat(ready(harness.get(NS, "recovering")).getMessage()).contains("search/es-creds").contains("not found");

        writeSecret(NS, "es-creds", Map.of("username", "governor", "password", "right"));
        awaitReady("recovering", "True", ReadyReason.Governing);

        writer.secrets().inNamespace(NS).withName("es-creds").delete();
        awaitReady("recovering", "False", ReadyReason.CredentialsUnavailable);

        writeSecret(NS, "es-creds", Map.of("username", "governor", "password", "right"));
        awaitReady("recovering", "True", ReadyReason.Governing);
    }

    private static TaskPolicy policy(String name, String credentialsSecret) {
        TaskPolicy policy = Policies.policy(NS, name, "http://es-" + name + ":9200", "1h", "indices:data/read/search*");
        policy.getSpec().getElasticsearch().setCredentialsSecret(credentialsSecret);
        return policy;
    }

    private void writeSecret(String namespace, String name, Map<String, String> values) {
        Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withStringData(values).build();
        writer.resource(secret).createOr(existing -> existing.update());
    }

    /** The paths (with query) of the operator's Secret requests since the last call; the test's own are left out. */
    private static List<String> operatorSecretRequests() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if (!TEST_AGENT.equals(request.getHeader("User-Agent")) && request.getPath().matches(".*/secrets([/?].*)?$")) {
                paths.add(request.getPath());
            }
        }
        return paths;
    }

    private static Condition ready(TaskPolicy policy) {
        if (policy == null || policy.getStatus() == null) {
            return null;
        }
        return policy.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    }

    private void awaitReady(String name, String status, ReadyReason reason) {
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Condition ready = ready(harness.get(NS, name));
            assertThat(ready).isNotNull();
            assertThat(ready.getStatus()).isEqualTo(status);
            assertThat(ready.getReason()).isEqualTo(reason.name());
        });
    }
}
