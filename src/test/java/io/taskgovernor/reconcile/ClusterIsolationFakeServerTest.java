package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.testing.CountingTasksApi;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import io.taskgovernor.testing.ScriptedHttpServer;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cluster that accepts connections and never answers (a scripted server: a real node cannot be
 * made to hang on demand) costs its own policies their pass, and no other cluster anything.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterIsolationFakeServerTest {
    static KubernetesClient client;

    @Test
    void aHangingClusterDoesNotDelayTheOthers() {
        CountingTasksApi healthy = new CountingTasksApi(new FakeCluster());
        try (ScriptedHttpServer hanging = new ScriptedHttpServer(r -> ScriptedHttpServer.Reply.hangs());
             OperatorHarness harness = new OperatorHarness(client, c -> c.url().toString().equals(hanging.url())
                     ? new CountingTasksApi(new ElasticsearchTasksApi(c)) : healthy)) {
            TaskPolicy stuck = Policies.policy("search", "stuck", hanging.url(), "10s", "*");
            stuck.getSpec().getElasticsearch().setRequestTimeout("2s");
            client.resource(stuck).create();
            client.resource(Policies.policy("search", "fine", "http://es-fine:9200", "10s", "*")).create();

            await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(ready(harness.get("search", "stuck"))).isEqualTo("ElasticsearchUnavailable"));
            int before = healthy.lists();
            await().atMost(Duration.ofSeconds(20)).until(() -> healthy.lists() - before >= 4);

            // Each pass on the hanging cluster takes its 2 s timeout: on a shared thread, the healthy
            // cluster's passes would start that late.
            Timer lateness = harness.registry().find("taskgovernor.pass.lateness").tag("cluster", "es-fine:9200").timer();
            assertThat(lateness.max(TimeUnit.MILLISECONDS)).as("worst lateness of the healthy cluster's passes").isLessThan(1_000);
            assertThat(ready(harness.get("search", "fine"))).isEqualTo("Governing");
            assertThat(harness.get("search", "stuck").getStatus().getConditions().get(0).getMessage())
                    .contains("SocketTimeoutException");
        } finally {
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
        }
    }

    private static String ready(TaskPolicy policy) {
        return policy.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .findFirst().orElseThrow().getReason();
    }
}
