package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.taskgovernor.api.ElasticsearchRef;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A cluster without ECK: the API server answers 404 to a list of {@code elasticsearches.elasticsearch.k8s.elastic.co}
 * (the Status body a kube-apiserver writes for a resource type it does not serve, k8s.io/apimachinery's
 * NewNotFound shape). The operator still starts, url policies are governed, and a policy with an
 * elasticsearchRef says ECK is missing. Its own class: the mock server's scripted 404 would outlive one test.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ElasticsearchRefWithoutEckOperatorTest {
    private static final String NS = "search";
    static KubernetesClient client;
    static KubernetesMockServer server;

    @Test
    void theOperatorStartsUrlPoliciesWorkAndARefPolicySaysEckIsNotInstalled() {
        server.expect().get().withPath("/apis/elasticsearch.k8s.elastic.co/v1/namespaces/search/elasticsearches"
                        + "?fieldSelector=metadata.name%3Dlogs&resourceVersion=0")
                .andReturn(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\","
                        + "\"details\":{},\"code\":404}").always();
        List<ClusterConnection> connections = new CopyOnWriteArrayList<>();
        try (OperatorHarness harness = new OperatorHarness(client, connection -> {
            connections.add(connection);
            return new FakeCluster();
        })) {
            client.resource(Policies.policy(NS, "by-url", "http://es-a:9200", "10s", "indices:data/read/search*")).create();
            client.resource(ElasticsearchRefOperatorTest.refPolicy("by-ref", new ElasticsearchRef("logs", null), null)).create();

            await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(ready(harness.get(NS, "by-url"))).isEqualTo("Governing");
                assertThat(ready(harness.get(NS, "by-ref"))).isEqualTo("ElasticsearchNotFound");
                assertThat(message(harness.get(NS, "by-ref"))).contains("ECK is not installed");
            });
            assertThat(harness.operator().isReady()).isTrue();
            assertThat(connections).extracting(c -> c.url().toString()).containsOnly("http://es-a:9200");
        } finally {
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
        }
    }

    private static String ready(TaskPolicy policy) {
        return policy.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow().getReason();
    }

    private static String message(TaskPolicy policy) {
        return policy.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow().getMessage();
    }
}
