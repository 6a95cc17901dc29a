package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.taskgovernor.api.SecretKeyRef;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.testing.CapturedLogs;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import io.taskgovernor.testing.ScriptedHttpServer;
import io.taskgovernor.testing.ScriptedHttpServer.Reply;
import io.taskgovernor.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets stay secret: with basic auth, an API key and a CA in Secrets, and every log level on,
 * no secret value appears in logs, status, events or metrics. A scripted server plays the cluster,
 * refusing the password and accepting the key, so failure paths are exercised too.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorSecretsFakeServerTest {
    private static final String NS = "search";
    private static final String PASSWORD = "Pa55-w0rd-never-to-be-seen";
    private static final String API_KEY = "QVBJS0VZLW5ldmVyLXRvLWJlLXNlZW4=";
    private static final String LISTING = """
            {"nodes":{"n1":{"name":"es-0","tasks":{"n1:7":{"node":"n1","id":7,"type":"transport",
              "action":"indices:data/read/search","start_time_in_millis":1,"running_time_in_nanos":60000000000,
              "cancellable":true,"cancelled":false,"headers":{"X-Opaque-Id":"dash"}}}}}}""";
    static KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void noSecretValueAppearsInLogsStatusEventsOrMetrics() {
        String caPem = TestCertificates.caPem(dir);
        String pemLine = caPem.lines().filter(l -> l.length() > 40).skip(3).findFirst().orElseThrow();
        String basicHeader = Base64.getEncoder().encodeToString(("governor:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (CapturedLogs logs = new CapturedLogs();
             ScriptedHttpServer es = new ScriptedHttpServer(request -> {
                 String auth = String.valueOf(request.header("Authorization"));
                 if (auth.startsWith("Basic")) {
                     return Reply.json(401, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"unable to authenticate\"},\"status\":401}");
                 }
                 return request.path().contains("_cancel") ? Reply.json(200, "{\"nodes\":{}}") : Reply.json(200, LISTING);
             });
             OperatorHarness harness = new OperatorHarness(client, ElasticsearchTasksApi::new)) {
            client.resource(new SecretBuilder().withNewMetadata().withName("basic").withNamespace(NS).endMetadata()
                    .withStringData(Map.of("username", "governor", "password", PASSWORD)).build()).create();
            client.resource(new SecretBuilder().withNewMetadata().withName("key").withNamespace(NS).endMetadata()
                    .withStringData(Map.of("apiKey", API_KEY)).build()).create();
            client.resource(new SecretBuilder().withNewMetadata().withName("ca").withNamespace(NS).endMetadata()
                    .withStringData(Map.of("ca.crt", caPem)).build()).create();
            client.resource(new SecretBuilder().withNewMetadata().withName("half").withNamespace(NS).endMetadata()
                    .withStringData(Map.of("password", PASSWORD)).build()).create();

            TaskPolicy basic = Policies.policy(NS, "basic", es.url(), "10s", "indices:data/read/search*");
            basic.getSpec().getElasticsearch().setCredentialsSecret("basic");
            TaskPolicy key = Policies.policy(NS, "key", es.url(), "10s", "indices:data/read/search*");
            key.getSpec().getElasticsearch().setCredentialsSecret("key");
            key.getSpec().getElasticsearch().setCaSecret(new SecretKeyRef("ca", null));
            TaskPolicy half = Policies.policy(NS, "half", es.url(), "10s", "indices:data/read/search*");
            half.getSpec().getElasticsearch().setCredentialsSecret("half");
            for (TaskPolicy policy : List.of(basic, key, half)) {
                client.resource(policy).create();
            }

            await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(ready(harness.get(NS, "basic"))).isEqualTo("Unauthorized");
                assertThat(ready(harness.get(NS, "key"))).isEqualTo("Governing");
                assertThat(ready(harness.get(NS, "half"))).isEqualTo("CredentialsUnavailable");
                assertThat(harness.get(NS, "key").getStatus().getCancellationsTotal()).isPositive();
            });
            assertThat(es.requests()).anySatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("ApiKey " + API_KEY));

            String everything = logs.all()
                    + Serialization.asYaml(client.resources(TaskPolicy.class).inNamespace(NS).list())
                    + Serialization.asYaml(client.v1().events().inNamespace(NS).list())
                    + harness.registry().scrape();
            assertThat(logs.count()).as("logs were captured at all").isPositive();
            for (String secret : List.of(PASSWORD, API_KEY, basicHeader, pemLine)) {
                assertThat(everything).doesNotContain(secret);
            }
        } finally {
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
        }
    }

    private static String ready(TaskPolicy policy) {
        return policy.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .findFirst().orElseThrow().getReason();
    }
}
