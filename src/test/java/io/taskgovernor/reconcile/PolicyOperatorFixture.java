package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real operator on a mock API server with scripted clusters (one {@link FakeCluster} per URL), shared by
 * the TaskPolicy operator tests: {@link TaskPolicyOperatorTest} (what governing does) and
 * {@link TaskPolicyLifecycleOperatorTest} (a policy changed, broken, suspended or deleted). Two classes so
 * the two Surefire forks share their waiting.
 */
final class PolicyOperatorFixture {
    static final String NS = "search";

    private final KubernetesClient client;
    private final Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();
    /** Every connection the operator asked a client for, in order. */
    final List<ClusterConnection> connections = new CopyOnWriteArrayList<>();
    /** URLs for which building a client fails, as a CA it cannot use would. */
    final Set<String> unbuildableClients = ConcurrentHashMap.newKeySet();
    private OperatorHarness harness;

    PolicyOperatorFixture(KubernetesClient client) {
        this.client = client;
    }

    FakeCluster cluster(String url) {
        return clusters.computeIfAbsent(url, u -> new FakeCluster());
    }

    /** Starts an operator (again, after {@link #stop()} or {@link OperatorHarness#close()}). */
    void start() {
        harness = new OperatorHarness(client, connection -> {
            connections.add(connection);
            String url = connection.url().toString();
            if (unbuildableClients.contains(url)) {
                throw new IllegalStateException("no client for " + url + " (the test says so)");
            }
            if (connection.caPem() != null) {
                // Build the real client as production does: a CA it cannot use fails here as it would there.
                new ElasticsearchTasksApi(connection).close();
            }
            return cluster(url);
        });
    }

    /** Stops the operator and deletes every TaskPolicy, so the next test starts from none. */
    void stop() {
        harness.close();
        client.resources(TaskPolicy.class).inAnyNamespace().delete();
    }

    OperatorHarness harness() {
        return harness;
    }

    static Condition ready(TaskPolicy policy) {
        if (policy == null || policy.getStatus() == null) {
            return null;
        }
        return policy.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    }

    /** Waits (20 s at most) until the policy in {@link #NS} has this Ready status and reason. */
    void awaitReady(String name, String status, ReadyReason reason) {
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            TaskPolicy policy = harness.get(NS, name);
            Condition ready = ready(policy);
            assertThat(ready).isNotNull();
            assertThat(ready.getStatus()).as(() -> io.fabric8.kubernetes.client.utils.Serialization.asYaml(policy.getStatus()))
                    .isEqualTo(status);
            assertThat(ready.getReason()).isEqualTo(reason.name());
        });
    }
}
