package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.taskgovernor.policy.ElasticsearchReference;
import io.taskgovernor.policy.PolicyKey;
import io.taskgovernor.reconcile.ReferencedElasticsearches.Lookup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which ECK Elasticsearch resources are watched, as policies start and stop naming them, and who is woken by a
 * change (mock API server; the resource in ECK's shape, see {@link ElasticsearchRefOperatorTest}).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ReferencedElasticsearchesTest {
    static KubernetesClient client;

    private final List<PolicyKey> woken = new CopyOnWriteArrayList<>();
    private final ReferencedElasticsearches watches = new ReferencedElasticsearches(client, woken::add);
    private static final ElasticsearchReference LOGS = new ElasticsearchReference("logs", "search");
    private static final ElasticsearchReference METRICS = new ElasticsearchReference("metrics", "search");

    @AfterEach
    void close() {
        watches.close();
        client.genericKubernetesResources(ReferencedElasticsearches.ELASTICSEARCH).inAnyNamespace().delete();
    }

    @Test
    void aResourceIsWatchedWhileSomePolicyNamesItAndNoLonger() {
        PolicyKey a = new PolicyKey("search", "a");
        PolicyKey b = new PolicyKey("search", "b");
        assertThat(watches.use(a, LOGS)).isEqualTo(new Lookup.Absent());
        watches.use(b, LOGS);
        assertThat(watches.watched()).containsExactly(LOGS);

        watches.use(a, METRICS);
        assertThat(watches.watched()).containsExactlyInAnyOrder(LOGS, METRICS);
        watches.release(b);
        assertThat(watches.watched()).as("a moved to metrics, b let go of logs").containsExactly(METRICS);
        watches.release(a);
        assertThat(watches.watched()).isEmpty();
    }

    @Test
    void onlyThePoliciesNamingAResourceAreWokenAndTheyReadItsHealth() {
        PolicyKey a = new PolicyKey("search", "a");
        PolicyKey b = new PolicyKey("search", "b");
        watches.use(a, LOGS);
        watches.use(b, METRICS);

        create("logs", Map.of("health", "yellow", "phase", "ApplyingChanges"));
        await().atMost(Duration.ofSeconds(10)).until(() -> woken.contains(a));
        assertThat(woken).doesNotContain(b);
        assertThat(watches.use(a, LOGS)).isEqualTo(new Lookup.Found(new ElasticsearchHealth("yellow", "ApplyingChanges")));

        client.genericKubernetesResources(ReferencedElasticsearches.ELASTICSEARCH).inNamespace("search").withName("logs").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> watches.use(a, LOGS).equals(new Lookup.Absent()));
        assertThat(woken).doesNotContain(b);
    }

    @Test
    void aResourceWithoutStatusHasUnknownHealth() {
        create("logs", null);
        assertThat(watches.use(new PolicyKey("search", "a"), LOGS))
                .isEqualTo(new Lookup.Found(new ElasticsearchHealth("unknown", null)));
    }

    private static void create(String name, Map<String, String> status) {
        GenericKubernetesResource es = Serialization.unmarshal("""
                {"apiVersion":"elasticsearch.k8s.elastic.co/v1","kind":"Elasticsearch",
                 "metadata":{"name":"%s","namespace":"search"},"spec":{"version":"8.19.21"}}""".formatted(name),
                GenericKubernetesResource.class);
        if (status != null) {
            es.getAdditionalProperties().put("status", status);
        }
        client.genericKubernetesResources(ReferencedElasticsearches.ELASTICSEARCH).inNamespace("search").resource(es).create();
    }
}
