package io.taskgovernor.reconcile;

import static io.taskgovernor.reconcile.PolicyOperatorFixture.NS;
import static io.taskgovernor.reconcile.PolicyOperatorFixture.ready;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ElasticsearchError;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.Policies;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real operator on the mock API server, with scripted clusters standing in for Elasticsearch: what governing
 * does (cancellations, status and Events, privileges). A policy changed, broken, suspended or deleted:
 * {@link TaskPolicyLifecycleOperatorTest}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class TaskPolicyOperatorTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private PolicyOperatorFixture fx;

    @BeforeEach
    void start() {
        fx = new PolicyOperatorFixture(client);
        fx.start();
    }

    @AfterEach
    void stop() {
        fx.stop();
    }

    @Test
    void aUserWithoutCancelTaskTurnsReadyFalseBeforeAnythingIsOverItsLimit() {
        FakeCluster es = fx.cluster("http://es-weak:9200").add(task("n1:1").runningSeconds(2).build());
        es.lackPrivileges("cancel_task");

        client.resource(Policies.policy(NS, "weak", "http://es-weak:9200", "10s", "indices:data/read/search*")).create();

        fx.awaitReady("weak", "False", ReadyReason.InsufficientPrivileges);
        assertThat(fx.harness().get(NS, "weak").getStatus().getConditions()).anySatisfy(c ->
                assertThat(c.getMessage()).contains("cancel_task"));
        assertThat(es.cancelAttempts()).isZero();
        assertThat(es.privilegeChecks()).as("asked once, not on every pass").isEqualTo(1);
    }

    @Test
    void aViolatorIsCancelledAndStatusAndAnEventSaySo() {
        FakeCluster es = fx.cluster("http://es-a:9200")
                .add(task("n1:1").runningSeconds(30).opaqueId("dashboard-7").build())
                .add(task("n1:2").runningSeconds(2).build());

        client.resource(Policies.policy(NS, "searches", "http://es-a:9200", "10s", "indices:data/read/search*")).create();

        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            TaskPolicy policy = fx.harness().get(NS, "searches");
            assertThat(policy.getStatus().getCancellationsTotal()).isEqualTo(1L);
            assertThat(policy.getStatus().getRecentDecisions()).singleElement().satisfies(r -> {
                assertThat(r.getTaskId()).isEqualTo("n1:1");
                assertThat(r.getOpaqueId()).isEqualTo("dashboard-7");
                assertThat(r.getRule()).isEqualTo("rule-1");
                assertThat(r.getOutcome()).isEqualTo("CANCEL_REQUESTED");
            });
            assertThat(fx.harness().eventsFor(NS, "searches")).anySatisfy(e -> {
                assertThat(e.getReason()).isEqualTo("TaskCancelled");
                assertThat(e.getType()).isEqualTo("Normal");
                assertThat(e.getMessage()).contains("n1:1").contains("dashboard-7");
            });
        });
        fx.awaitReady("searches", "True", ReadyReason.Governing);
        assertThat(es.cancelled()).containsExactly("n1:1");
        assertThat(es.cancelOpaqueIds()).containsExactly("task-governor/search/searches");
        TaskPolicy policy = fx.harness().get(NS, "searches");
        assertThat(policy.getStatus().getObservedGeneration()).isEqualTo(policy.getMetadata().getGeneration());
        assertThat(fx.harness().registry().scrape()).as("JOSDK's own metrics, beside the governor's")
                .contains("operator_sdk_reconciliations_started_total").contains("taskgovernor_decisions_total");
        assertThat(ready(policy).getObservedGeneration()).isEqualTo(policy.getMetadata().getGeneration());
    }

    @Test
    void noCancellationIsLostFromStatusWhenPassesComeFasterThanTheCacheCatchesUp() {
        FakeCluster es = fx.cluster("http://es-h:9200");
        int violators = 60;
        for (int i = 1; i <= violators; i++) {
            es.add(task("n1:" + i).runningSeconds(30).build());
        }
        TaskPolicy policy = Policies.policy(NS, "burst", "http://es-h:9200", "10s", "indices:data/read/search*");
        policy.getSpec().setInterval("1s");
        policy.getSpec().getCancellation().setMaxPerRun(12);
        client.resource(policy).create();

        await().atMost(Duration.ofSeconds(40)).until(() -> es.cancelled().size() == violators);
        List<String> newestFirst = new java.util.ArrayList<>(es.cancelled());
        java.util.Collections.reverse(newestFirst);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var status = fx.harness().get(NS, "burst").getStatus();
            assertThat(status.getCancellationsTotal()).as("one status write per pass with decisions, each from the one before")
                    .isEqualTo((long) violators);
            assertThat(status.getRecentDecisions()).extracting(r -> r.getTaskId())
                    .containsExactlyElementsOf(newestFirst.subList(0, StatusComposer.RECENT_LIMIT));
        });
    }

    @Test
    void anUpdatedPolicyTakesEffectAtOnce() {
        FakeCluster es = fx.cluster("http://es-c:9200").add(task("n1:5").runningSeconds(60).build());
        client.resource(Policies.policy(NS, "lenient", "http://es-c:9200", "1h", "indices:data/read/search*")).create();
        fx.awaitReady("lenient", "True", ReadyReason.Governing);
        assertThat(es.cancelled()).isEmpty();

        TaskPolicy policy = fx.harness().get(NS, "lenient");
        policy.getSpec().getRules().get(0).setMaxRuntime("30s");
        client.resource(policy).update();

        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> es.cancelled().contains("n1:5"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fx.harness().get(NS, "lenient").getStatus().getObservedGeneration()).isEqualTo(2L));
    }

    @Test
    void twoPoliciesOnOneClusterShareOnePoller() {
        FakeCluster es = fx.cluster("http://es-f:9200");
        client.resource(Policies.policy(NS, "one", "http://es-f:9200", "10s", "indices:data/read/search*")).create();
        client.resource(Policies.policy(NS, "two", "http://es-f:9200", "1m", "indices:data/write/reindex")).create();
        fx.awaitReady("one", "True", ReadyReason.Governing);
        fx.awaitReady("two", "True", ReadyReason.Governing);

        // One client and one poller for both (ClusterPollerTest shows a poller lists once a pass for all its policies).
        assertThat(fx.harness().operator().pollerCount()).isEqualTo(1);
        assertThat(fx.connections).filteredOn(c -> c.url().toString().equals("http://es-f:9200")).hasSize(1);
        int before = es.listCalls();
        await().atMost(Duration.ofSeconds(10)).until(() -> es.listCalls() > before);
    }

    @Test
    void aClusterThatRefusesToCancelTurnsReadyFalseWithOneWarningAndRecoversWhenCancelsGetThrough() {
        FakeCluster es = fx.cluster("http://es-i:9200").add(task("n1:7").runningSeconds(30).build());
        // What ElasticsearchTasksApi reports for Elasticsearch 8.19.21's answer to a monitor-only user.
        es.failCancelsWith(() -> new ElasticsearchError("cancel task n1:7 on http://es-i:9200", 403,
                "security_exception", "action [cluster:admin/tasks/cancel] is unauthorized for user [watcher] with effective "
                + "roles [monitor_only], this action is granted by the cluster privileges [cancel_task,manage,all]"));
        client.resource(Policies.policy(NS, "unprivileged", "http://es-i:9200", "10s", "indices:data/read/search*")).create();

        fx.awaitReady("unprivileged", "False", ReadyReason.InsufficientPrivileges);
        assertThat(ready(fx.harness().get(NS, "unprivileged")).getMessage()).contains("cancel_task").contains("HTTP 403")
                .contains("is unauthorized for user [watcher]");
        int attempts = es.cancelAttempts();
        await().atMost(Duration.ofSeconds(20)).until(() -> es.cancelAttempts() >= attempts + 3);
        fx.awaitReady("unprivileged", "False", ReadyReason.InsufficientPrivileges);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fx.harness().eventsFor(NS, "unprivileged")).filteredOn(e -> "InsufficientPrivileges".equals(e.getReason()))
                        .as("one Warning when it starts, not one per pass").singleElement().satisfies(e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getCount()).isEqualTo(1);
                            assertThat(e.getMessage()).contains("cancel_task");
                        }));

        es.failCancelsWith(null);
        fx.awaitReady("unprivileged", "True", ReadyReason.Governing);
        assertThat(es.cancelled()).containsExactly("n1:7");
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fx.harness().eventsFor(NS, "unprivileged")).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("CancelsAccepted");
                    assertThat(e.getType()).isEqualTo("Normal");
                }));
    }

    /** What the operator asked of the API server about one policy since the last call, as "METHOD path". */
    private static List<String> requestsAbout(String name) throws InterruptedException {
        String path = "/apis/taskgovernor.io/v1alpha1/namespaces/" + NS + "/taskpolicies/" + name;
        List<String> about = new java.util.ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
            String target = request.getPath().split("\\?")[0];
            if (target.equals(path) || target.startsWith(path + "/")) {
                about.add(request.getMethod() + " " + target.substring(path.length()));
            }
        }
        return about;
    }

    @Test
    void statusIsWrittenWhenSomethingChangesInOneRequestAndNotOnAnUnchangedPass() throws InterruptedException {
        FakeCluster es = fx.cluster("http://es-w:9200");
        TaskPolicy policy = Policies.policy(NS, "quiet", "http://es-w:9200", "10s", "indices:data/read/search*");
        policy.getSpec().setInterval("1s");
        client.resource(policy).create();
        fx.awaitReady("quiet", "True", ReadyReason.Governing);
        int settled = es.listCalls() + 1;
        await().atMost(Duration.ofSeconds(10)).until(() -> es.listCalls() >= settled);
        requestsAbout("quiet");

        // Nothing to govern: the passes change nothing but the time, and lastEvaluationTime waits a minute.
        int quietStart = es.listCalls();
        await().atMost(Duration.ofSeconds(15)).until(() -> es.listCalls() >= quietStart + 3);
        assertThat(requestsAbout("quiet")).as("three unchanged passes").isEmpty();

        // A violator: its cancellation is written, in one PUT on the status subresource and no GET before it.
        es.add(task("n1:1").runningSeconds(30).build());
        await().atMost(Duration.ofSeconds(15)).until(() -> es.cancelled().contains("n1:1"));
        int busyEnd = es.listCalls() + 2;
        await().atMost(Duration.ofSeconds(15)).until(() -> es.listCalls() >= busyEnd);
        // The pass that cancels (counts 1 governed / 1 violation and the decision) and the one after it
        // (the task gone: counts back to 0) each change status; a slow reconcile may fold both into one write.
        assertThat(requestsAbout("quiet")).isNotEmpty().hasSizeLessThanOrEqualTo(2).containsOnly("PUT /status");
        TaskPolicy stored = fx.harness().get(NS, "quiet");
        assertThat(stored.getStatus().getCancellationsTotal()).isEqualTo(1L);
        assertThat(stored.getStatus().getRecentDecisions()).extracting(r -> r.getTaskId()).containsExactly("n1:1");
    }
}
