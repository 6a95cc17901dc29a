package io.taskgovernor.reconcile;

import io.taskgovernor.testing.TestSettings;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.testing.CountingTasksApi;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two replicas against one API server: only the Lease holder governs, and the other takes over. */
@EnableKubernetesMockClient(crud = true, https = false)
class LeaderElectionTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private static OperatorSettings replica(String identity) {
        return TestSettings.settings(Set.of(), "task-governor", Duration.ofSeconds(3), identity);
    }

    @Test
    void onlyTheLeaderGovernsAndAFollowerTakesOverWithoutCancellingTwice() {
        // JOSDK checks its Lease permissions first; the CRUD mock cannot answer that review by itself.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus()
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "list", "watch", "create", "update", "patch").endResourceRule()
                        .withIncomplete(false).endStatus().build())
                .always();
        FakeCluster cluster = new FakeCluster()
                .add(task("n:1").runningSeconds(60).build());
        CountingTasksApi seenByA = new CountingTasksApi(cluster);
        CountingTasksApi seenByB = new CountingTasksApi(cluster);

        OperatorHarness a = new OperatorHarness(client, c -> seenByA, replica("replica-a"));
        await().atMost(Duration.ofSeconds(15)).until(() -> client.leases().inNamespace("task-governor")
                .withName("task-governor-leader").get() != null);
        OperatorHarness b = new OperatorHarness(client, c -> seenByB, replica("replica-b"));
        try {
            client.resource(Policies.policy("search", "led", "http://es:9200", "10s", "indices:data/read/search*")).create();
            await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() ->
                    a.get("search", "led").getStatus().getCancellationsTotal() == 1L);
            assertThat(seenByA.lists()).isPositive();
            // The alerts' "not leading" signal (deploy/monitoring/prometheus-rule.yaml).
            assertThat(a.registry().scrape()).contains("taskgovernor_leader{lease=\"task-governor-leader\"} 1");
            assertThat(b.registry().scrape()).contains("taskgovernor_leader{lease=\"task-governor-leader\"} 0");
            // The scenario is "nothing happens": the follower stays quiet for 2 s (two of the policy's intervals).
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> seenByB.lists() == 0);

            a.close();
            cluster.add(task("n:2").runningSeconds(60).build());

            await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() ->
                    b.get("search", "led").getStatus().getCancellationsTotal() == 2L);
            assertThat(cluster.cancelled()).containsExactly("n:1", "n:2");
            assertThat(client.leases().inNamespace("task-governor").withName("task-governor-leader").get()
                    .getSpec().getHolderIdentity()).isEqualTo("replica-b");
            assertThat(b.registry().scrape()).contains("taskgovernor_leader{lease=\"task-governor-leader\"} 1");
        } finally {
            b.close();
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
        }
    }
}
