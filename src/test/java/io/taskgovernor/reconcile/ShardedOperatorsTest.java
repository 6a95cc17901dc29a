package io.taskgovernor.reconcile;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.taskgovernor.api.ClusterTaskPolicy;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two operator Deployments splitting the policies by POLICY_SELECTOR, each with its own Lease, on one
 * API server. The selectors are the complementary pair a fleet starts with: a named shard, and the rest.
 * (The mock API server filters only {@code k=v}, {@code k!=v}, {@code k}, {@code !k}: set-based selectors
 * are checked by OperatorSettingsTest only.)
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ShardedOperatorsTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private final Map<String, FakeCluster> clusters = Map.of(
            "es-a", new FakeCluster().add(task("a:1").runningSeconds(60).build()),
            "es-b", new FakeCluster().add(task("b:1").runningSeconds(60).build()),
            "es-c", new FakeCluster().add(task("c:1").runningSeconds(60).build()),
            "es-d", new FakeCluster().add(task("d:1").runningSeconds(60).build()));

    @AfterEach
    void deletePolicies() {
        client.resources(TaskPolicy.class).inAnyNamespace().delete();
        client.resources(ClusterTaskPolicy.class).delete();
    }

    /** The clusters one operator opened clients for, by host: which policies it governs. */
    private Function<ClusterConnection, TasksApi> recordingInto(Set<String> hosts) {
        return connection -> {
            hosts.add(connection.url().getHost());
            return clusters.get(connection.url().getHost());
        };
    }

    private static OperatorSettings shard(String selector, String lease, String identity) {
        return OperatorSettings.fromEnvironment(Map.of(
                OperatorSettings.POLICY_SELECTOR, selector,
                OperatorSettings.LEASE_NAME, lease,
                OperatorSettings.POD_NAMESPACE, "task-governor",
                OperatorSettings.POD_NAME, identity));
    }

    private static OperatorSettings forTest(OperatorSettings settings) {
        // A short Lease and no System.exit when the test stops the leader; the rest as read from the environment.
        return new OperatorSettings(settings.namespaces(), settings.leaseName(), settings.leaseNamespace(),
                Duration.ofSeconds(3), settings.identity(), 0, false, settings.policySelector(), false, null,
                settings.pollerCloseWait());
    }

    private static TaskPolicy labelled(String name, String host, String shard) {
        TaskPolicy policy = Policies.policy("search", name, "http://" + host + ":9200", "10s", "indices:data/read/search*");
        if (shard != null) {
            policy.getMetadata().setLabels(Map.of("governor-shard", shard));
        }
        return policy;
    }

    private long cancellations(String name) {
        TaskPolicy policy = client.resources(TaskPolicy.class).inNamespace("search").withName(name).get();
        return cancellations(policy.getStatus());
    }

    private long clusterPolicyCancellations(String name) {
        return cancellations(client.resources(ClusterTaskPolicy.class).withName(name).get().getStatus());
    }

    private static long cancellations(io.taskgovernor.api.TaskPolicyStatus status) {
        return status == null || status.getCancellationsTotal() == null ? 0 : status.getCancellationsTotal();
    }

    @Test
    void twoShardsEachGovernOnlyTheirOwnPoliciesUnderTheirOwnLease() {
        // JOSDK checks its Lease permissions first; the CRUD mock cannot answer that review by itself.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus()
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "list", "watch", "create", "update", "patch").endResourceRule()
                        .withIncomplete(false).endStatus().build())
                .always();
        Set<String> seenByA = ConcurrentHashMap.newKeySet();
        Set<String> seenByRest = ConcurrentHashMap.newKeySet();
        OperatorHarness.installCrd(client);
        client.resource(labelled("policy-a", "es-a", "a")).create();
        client.resource(labelled("policy-b", "es-b", "b")).create();
        client.resource(labelled("policy-unlabelled", "es-c", null)).create();
        // The selector splits ClusterTaskPolicies the same way.
        ClusterTaskPolicy platform = Policies.clusterPolicy("platform-a", "http://es-d:9200", "10s", "indices:data/read/search*");
        platform.getMetadata().setLabels(Map.of("governor-shard", "a"));
        client.resource(platform).create();

        try (OperatorHarness a = new OperatorHarness(client, recordingInto(seenByA),
                     forTest(shard("governor-shard=a", "task-governor-shard-a", "shard-a-0")));
             OperatorHarness rest = new OperatorHarness(client, recordingInto(seenByRest),
                     forTest(shard("governor-shard!=a", "task-governor-shard-rest", "shard-rest-0")))) {
            await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() ->
                    cancellations("policy-a") == 1 && cancellations("policy-b") == 1
                            && cancellations("policy-unlabelled") == 1 && clusterPolicyCancellations("platform-a") == 1);
            // The scenario is "nothing more happens": two of the policies' 1 s intervals with no stray client.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() ->
                    seenByA.equals(Set.of("es-a", "es-d")) && seenByRest.equals(Set.of("es-b", "es-c")));

            assertThat(a.operator().pollerCount()).isEqualTo(2);
            assertThat(rest.operator().pollerCount()).isEqualTo(2);
            clusters.forEach((host, cluster) -> assertThat(cluster.cancelled()).as(host).hasSize(1));
            assertThat(client.leases().inNamespace("task-governor").withName("task-governor-shard-a").get()
                    .getSpec().getHolderIdentity()).isEqualTo("shard-a-0");
            assertThat(client.leases().inNamespace("task-governor").withName("task-governor-shard-rest").get()
                    .getSpec().getHolderIdentity()).isEqualTo("shard-rest-0");
        }
    }
}
