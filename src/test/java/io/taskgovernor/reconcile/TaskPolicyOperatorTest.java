package io.taskgovernor.reconcile;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ElasticsearchError;
import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.api.SecretKeyRef;
import io.taskgovernor.testing.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real operator on the mock API server, with scripted clusters standing in for Elasticsearch. */
@EnableKubernetesMockClient(crud = true)
class TaskPolicyOperatorTest {
    private static final String NS = "search";
    static KubernetesClient client;
    static KubernetesMockServer server;

    private final Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();
    private final List<ClusterConnection> connections = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> unbuildableClients = ConcurrentHashMap.newKeySet();
    private OperatorHarness harness;

    private FakeCluster cluster(String url) {
        return clusters.computeIfAbsent(url, u -> new FakeCluster());
    }

    @BeforeEach
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

    @AfterEach
    void stop() {
        harness.close();
        client.resources(TaskPolicy.class).inAnyNamespace().delete();
    }

    private static Condition ready(TaskPolicy policy) {
        if (policy == null || policy.getStatus() == null) {
            return null;
        }
        return policy.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    }

    private void awaitReady(String name, String status, ReadyReason reason) {
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            TaskPolicy policy = harness.get(NS, name);
            Condition ready = ready(policy);
            assertThat(ready).isNotNull();
            assertThat(ready.getStatus()).as(() -> io.fabric8.kubernetes.client.utils.Serialization.asYaml(policy.getStatus()))
                    .isEqualTo(status);
            assertThat(ready.getReason()).isEqualTo(reason.name());
        });
    }

    @Test
    void aUserWithoutCancelTaskTurnsReadyFalseBeforeAnythingIsOverItsLimit() {
        FakeCluster es = cluster("http://es-weak:9200").add(task("n1:1").runningSeconds(2).build());
        es.lackPrivileges("cancel_task");

        client.resource(Policies.policy(NS, "weak", "http://es-weak:9200", "10s", "indices:data/read/search*")).create();

        awaitReady("weak", "False", ReadyReason.InsufficientPrivileges);
        assertThat(harness.get(NS, "weak").getStatus().getConditions()).anySatisfy(c ->
                assertThat(c.getMessage()).contains("cancel_task"));
        assertThat(es.cancelAttempts()).isZero();
        assertThat(es.privilegeChecks()).as("asked once, not on every pass").isEqualTo(1);
    }

    @Test
    void aViolatorIsCancelledAndStatusAndAnEventSaySo() {
        FakeCluster es = cluster("http://es-a:9200")
                .add(task("n1:1").runningSeconds(30).opaqueId("dashboard-7").build())
                .add(task("n1:2").runningSeconds(2).build());

        client.resource(Policies.policy(NS, "searches", "http://es-a:9200", "10s", "indices:data/read/search*")).create();

        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            TaskPolicy policy = harness.get(NS, "searches");
            assertThat(policy.getStatus().getCancellationsTotal()).isEqualTo(1L);
            assertThat(policy.getStatus().getRecentDecisions()).singleElement().satisfies(r -> {
                assertThat(r.getTaskId()).isEqualTo("n1:1");
                assertThat(r.getOpaqueId()).isEqualTo("dashboard-7");
                assertThat(r.getRule()).isEqualTo("rule-1");
                assertThat(r.getOutcome()).isEqualTo("CANCEL_REQUESTED");
            });
            assertThat(harness.eventsFor(NS, "searches")).anySatisfy(e -> {
                assertThat(e.getReason()).isEqualTo("TaskCancelled");
                assertThat(e.getType()).isEqualTo("Normal");
                assertThat(e.getMessage()).contains("n1:1").contains("dashboard-7");
            });
        });
        awaitReady("searches", "True", ReadyReason.Governing);
        assertThat(es.cancelled()).containsExactly("n1:1");
        assertThat(es.cancelOpaqueIds()).containsExactly("task-governor/search/searches");
        TaskPolicy policy = harness.get(NS, "searches");
        assertThat(policy.getStatus().getObservedGeneration()).isEqualTo(policy.getMetadata().getGeneration());
        assertThat(harness.registry().scrape()).as("JOSDK's own metrics, beside the governor's")
                .contains("operator_sdk_reconciliations_started_total").contains("taskgovernor_decisions_total");
        assertThat(ready(policy).getObservedGeneration()).isEqualTo(policy.getMetadata().getGeneration());
    }

    @Test
    void anInvalidPolicyIsReportedWithoutRetryAndTheOthersKeepBeingGoverned() {
        FakeCluster es = cluster("http://es-b:9200").add(task("n1:9").runningSeconds(30).build());
        TaskPolicy invalid = Policies.policy(NS, "broken", "http://es-b:9200", "5 minutes", "indices:data/read/search*");
        client.resource(invalid).create();
        client.resource(Policies.policy(NS, "fine", "http://es-b:9200", "10s", "indices:data/read/search*")).create();

        awaitReady("broken", "False", ReadyReason.InvalidSpec);
        assertThat(ready(harness.get(NS, "broken")).getMessage()).contains("spec.rules[0].maxRuntime");
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(harness.eventsFor(NS, "broken")).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("InvalidSpec");
                    assertThat(e.getType()).isEqualTo("Warning");
                }));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> es.cancelled().contains("n1:9"));
        assertThat(es.cancelOpaqueIds()).containsOnly("task-governor/search/fine");
    }

    @Test
    void noCancellationIsLostFromStatusWhenPassesComeFasterThanTheCacheCatchesUp() {
        FakeCluster es = cluster("http://es-h:9200");
        int violators = 60;
        for (int i = 1; i <= violators; i++) {
            es.add(task("n1:" + i).runningSeconds(30).build());
        }
        TaskPolicy policy = Policies.policy(NS, "burst", "http://es-h:9200", "10s", "indices:data/read/search*");
        policy.getSpec().setInterval("1s");
        policy.getSpec().getCancellation().setMaxPerRun(6);
        client.resource(policy).create();

        await().atMost(Duration.ofSeconds(40)).until(() -> es.cancelled().size() == violators);
        List<String> newestFirst = new java.util.ArrayList<>(es.cancelled());
        java.util.Collections.reverse(newestFirst);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var status = harness.get(NS, "burst").getStatus();
            assertThat(status.getCancellationsTotal()).as("one status write per pass with decisions, each from the one before")
                    .isEqualTo((long) violators);
            assertThat(status.getRecentDecisions()).extracting(r -> r.getTaskId())
                    .containsExactlyElementsOf(newestFirst.subList(0, StatusComposer.RECENT_LIMIT));
        });
    }

    /**
     * A pass is still cancelling when the policy stops being governed; its decision reaches the ledger
     * after the reconcile that took the policy off its poller. The cancellation happened: status must count it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"suspended", "invalid", "secret-deleted"})
    void aCancelStillPendingWhenThePolicyStopsBeingGovernedIsCountedInStatus(String change) {
        String name = "pending-" + change;
        String url = "http://es-" + change + ":9200";
        FakeCluster es = cluster(url).add(task("n1:4").runningSeconds(30).build());
        es.holdCancels();
        TaskPolicy policy = Policies.policy(NS, name, url, "10s", "indices:data/read/search*");
        if (change.equals("secret-deleted")) {
            client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                    .withStringData(Map.of("username", "governor", "password", "pw")).build()).create();
            policy.getSpec().getElasticsearch().setCredentialsSecret(name);
        }
        client.resource(policy).create();
        // The first reconcile's status write can land after the cancel started; an edit read before it
        // would be refused (409). No other write comes while the cancel is held.
        await().atMost(Duration.ofSeconds(20)).until(() -> es.cancelAttempts() == 1
                && harness.get(NS, name).getStatus() != null);

        ReadyReason expected;
        switch (change) {
            case "suspended" -> {
                client.resources(TaskPolicy.class).inNamespace(NS).withName(name).edit(p -> {
                    p.getSpec().setSuspend(true);
                    return p;
                });
                expected = ReadyReason.Suspended;
            }
            case "invalid" -> {
                client.resources(TaskPolicy.class).inNamespace(NS).withName(name).edit(p -> {
                    p.getSpec().getRules().get(0).setMaxRuntime("5 minutes");
                    return p;
                });
                expected = ReadyReason.InvalidSpec;
            }
            default -> {
                client.secrets().inNamespace(NS).withName(name).delete();
                expected = ReadyReason.CredentialsUnavailable;
            }
        }
        awaitReady(name, "False", expected);
        es.releaseCancels();

        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var status = harness.get(NS, name).getStatus();
            assertThat(status.getCancellationsTotal()).isEqualTo(1L);
            assertThat(status.getRecentDecisions()).singleElement().satisfies(r -> {
                assertThat(r.getTaskId()).isEqualTo("n1:4");
                assertThat(r.getOutcome()).isEqualTo("CANCEL_REQUESTED");
            });
        });
        assertThat(ready(harness.get(NS, name)).getReason()).isEqualTo(expected.name());
        assertThat(es.cancelled()).containsExactly("n1:4");
    }

    @Test
    void anUpdatedPolicyTakesEffectAtOnce() {
        FakeCluster es = cluster("http://es-c:9200").add(task("n1:5").runningSeconds(60).build());
        client.resource(Policies.policy(NS, "lenient", "http://es-c:9200", "1h", "indices:data/read/search*")).create();
        awaitReady("lenient", "True", ReadyReason.Governing);
        assertThat(es.cancelled()).isEmpty();

        TaskPolicy policy = harness.get(NS, "lenient");
        policy.getSpec().getRules().get(0).setMaxRuntime("30s");
        client.resource(policy).update();

        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> es.cancelled().contains("n1:5"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(harness.get(NS, "lenient").getStatus().getObservedGeneration()).isEqualTo(2L));
    }

    @Test
    void suspendingAPolicyStopsItsEnforcementAndSaysSo() {
        FakeCluster es = cluster("http://es-d:9200");
        TaskPolicy policy = Policies.policy(NS, "paused", "http://es-d:9200", "10s", "indices:data/read/search*");
        policy.getSpec().setSuspend(true);
        es.add(task("n1:3").runningSeconds(60).build());
        client.resource(policy).create();

        awaitReady("paused", "False", ReadyReason.Suspended);
        assertThat(es.listCalls()).isZero();
        assertThat(harness.operator().pollerCount()).isZero();
    }

    @Test
    void aMissingSecretIsReportedAndTheSecretArrivingFixesIt() {
        cluster("http://es-e:9200");
        TaskPolicy policy = Policies.policy(NS, "secured", "http://es-e:9200", "10s", "indices:data/read/search*");
        policy.getSpec().getElasticsearch().setCredentialsSecret("es-creds");
        client.resource(policy).create();

        awaitReady("secured", "False", ReadyReason.CredentialsUnavailable);
        assertThat(ready(harness.get(NS, "secured")).getMessage()).contains("search/es-creds").contains("not found");

        client.resource(new SecretBuilder().withNewMetadata().withName("es-creds").withNamespace(NS).endMetadata()
                .withStringData(Map.of("username", "governor", "password", "s3cret-Value")).build()).create();

        awaitReady("secured", "True", ReadyReason.Governing);
        assertThat(connections).anySatisfy(c ->
                assertThat(c.credentials()).isEqualTo(new ClusterCredentials.Basic("governor", "s3cret-Value")));
        assertThat(harness.get(NS, "secured").getStatus().toString()).doesNotContain("s3cret-Value");
    }

    @Test
    void aCaSecretThatDoesNotParseIsReportedWithoutItsContentAndFixingTheSecretRecovers(@TempDir Path dir) {
        cluster("http://es-j:9200").add(task("n1:8").runningSeconds(30).build());
        String good = TestCertificates.caPem(dir);
        List<String> lines = good.lines().toList();
        // A truncated copy: header and footer intact, most of the body lost.
        String broken = String.join("\n", lines.get(0), lines.get(1), lines.get(2), lines.get(lines.size() - 1)) + "\n";
        client.resource(new SecretBuilder().withNewMetadata().withName("es-ca").withNamespace(NS).endMetadata()
                .withStringData(Map.of("ca.crt", broken)).build()).create();
        TaskPolicy policy = Policies.policy(NS, "bad-ca", "http://es-j:9200", "10s", "indices:data/read/search*");
        policy.getSpec().getElasticsearch().setCaSecret(new SecretKeyRef("es-ca", "ca.crt"));
        client.resource(policy).create();

        awaitReady("bad-ca", "False", ReadyReason.CredentialsUnavailable);
        String message = ready(harness.get(NS, "bad-ca")).getMessage();
        assertThat(message).contains("Secret search/es-ca").contains("key ca.crt").contains("PEM");
        assertThat(message).doesNotContain(lines.get(1)).doesNotContain(lines.get(2));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(harness.eventsFor(NS, "bad-ca")).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("CredentialsUnavailable");
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains("es-ca").doesNotContain(lines.get(1));
                }));

        client.secrets().inNamespace(NS).withName("es-ca").edit(secret -> {
            secret.setStringData(Map.of("ca.crt", good));
            secret.setData(null);
            return secret;
        });
        awaitReady("bad-ca", "True", ReadyReason.Governing);
        assertThat(connections).anySatisfy(c -> assertThat(c.caPem()).isEqualTo(good));
    }

    @Test
    void aReconcileThatFailsSaysSoInStatusAndRecoversOnRetry() {
        cluster("http://es-k:9200").add(task("n1:9").runningSeconds(30).build());
        unbuildableClients.add("http://es-k:9200");
        client.resource(Policies.policy(NS, "unlucky", "http://es-k:9200", "10s", "indices:data/read/search*")).create();

        awaitReady("unlucky", "False", ReadyReason.ReconcileFailed);
        assertThat(ready(harness.get(NS, "unlucky")).getMessage())
                .startsWith("reconcile failed, retried with backoff: IllegalStateException: no client for http://es-k:9200");
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(harness.eventsFor(NS, "unlucky")).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("ReconcileFailed");
                    assertThat(e.getType()).isEqualTo("Warning");
                }));

        unbuildableClients.clear();
        awaitReady("unlucky", "True", ReadyReason.Governing);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(harness.get(NS, "unlucky").getStatus().getCancellationsTotal()).isEqualTo(1L));
    }

    @Test
    void twoPoliciesOnOneClusterShareOnePoller() {
        FakeCluster es = cluster("http://es-f:9200");
        client.resource(Policies.policy(NS, "one", "http://es-f:9200", "10s", "indices:data/read/search*")).create();
        client.resource(Policies.policy(NS, "two", "http://es-f:9200", "1m", "indices:data/write/reindex")).create();
        awaitReady("one", "True", ReadyReason.Governing);
        awaitReady("two", "True", ReadyReason.Governing);

        // One client and one poller for both (ClusterPollerTest shows a poller lists once a pass for all its policies).
        assertThat(harness.operator().pollerCount()).isEqualTo(1);
        assertThat(connections).filteredOn(c -> c.url().toString().equals("http://es-f:9200")).hasSize(1);
        int before = es.listCalls();
        await().atMost(Duration.ofSeconds(10)).until(() -> es.listCalls() > before);
    }

    @Test
    void anUnreachableClusterTurnsReadyFalseAndRecovers() {
        FakeCluster es = cluster("http://es-g:9200");
        client.resource(Policies.policy(NS, "flaky", "http://es-g:9200", "10s", "indices:data/read/search*")).create();
        awaitReady("flaky", "True", ReadyReason.Governing);

        es.failWith(() -> new ClusterUnavailableException("list tasks on http://es-g:9200: ConnectException: refused", null));
        awaitReady("flaky", "False", ReadyReason.ElasticsearchUnavailable);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(harness.eventsFor(NS, "flaky")).anySatisfy(e ->
                        assertThat(e.getReason()).isEqualTo("ElasticsearchUnavailable")));

        es.failWith(null);
        awaitReady("flaky", "True", ReadyReason.Governing);
    }

    @Test
    void aClusterThatRefusesToCancelTurnsReadyFalseWithOneWarningAndRecoversWhenCancelsGetThrough() {
        FakeCluster es = cluster("http://es-i:9200").add(task("n1:7").runningSeconds(30).build());
        // What ElasticsearchTasksApi reports for Elasticsearch 8.19.21's answer to a monitor-only user.
        es.failCancelsWith(() -> new ElasticsearchError("cancel task n1:7 on http://es-i:9200", 403,
                "security_exception", "action [cluster:admin/tasks/cancel] is unauthorized for user [watcher] with effective "
                + "roles [monitor_only], this action is granted by the cluster privileges [cancel_task,manage,all]"));
        client.resource(Policies.policy(NS, "unprivileged", "http://es-i:9200", "10s", "indices:data/read/search*")).create();

        awaitReady("unprivileged", "False", ReadyReason.InsufficientPrivileges);
        assertThat(ready(harness.get(NS, "unprivileged")).getMessage()).contains("cancel_task").contains("HTTP 403")
                .contains("is unauthorized for user [watcher]");
        int attempts = es.cancelAttempts();
        await().atMost(Duration.ofSeconds(20)).until(() -> es.cancelAttempts() >= attempts + 3);
        awaitReady("unprivileged", "False", ReadyReason.InsufficientPrivileges);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(harness.eventsFor(NS, "unprivileged")).filteredOn(e -> "InsufficientPrivileges".equals(e.getReason()))
                        .as("one Warning when it starts, not one per pass").singleElement().satisfies(e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getCount()).isEqualTo(1);
                            assertThat(e.getMessage()).contains("cancel_task");
                        }));

        es.failCancelsWith(null);
        awaitReady("unprivileged", "True", ReadyReason.Governing);
        assertThat(es.cancelled()).containsExactly("n1:7");
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(harness.eventsFor(NS, "unprivileged")).anySatisfy(e -> {
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
        FakeCluster es = cluster("http://es-w:9200");
        TaskPolicy policy = Policies.policy(NS, "quiet", "http://es-w:9200", "10s", "indices:data/read/search*");
        policy.getSpec().setInterval("1s");
        client.resource(policy).create();
        awaitReady("quiet", "True", ReadyReason.Governing);
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
        TaskPolicy stored = harness.get(NS, "quiet");
        assertThat(stored.getStatus().getCancellationsTotal()).isEqualTo(1L);
        assertThat(stored.getStatus().getRecentDecisions()).extracting(r -> r.getTaskId()).containsExactly("n1:1");
    }

    @Test
    void deletingAPolicyWhileNoOperatorRunsCompletesAtOnce() {
        cluster("http://es-x:9200");
        client.resource(Policies.policy(NS, "orphaned", "http://es-x:9200", "10s", "indices:data/read/search*")).create();
        awaitReady("orphaned", "True", ReadyReason.Governing);
        assertThat(harness.get(NS, "orphaned").getMetadata().getFinalizers()).as("no finalizer").isEmpty();
        harness.close();

        client.resources(TaskPolicy.class).inNamespace(NS).withName("orphaned").delete();

        assertThat(harness.get(NS, "orphaned")).as("gone, not waiting for an operator").isNull();
        start(); // a new operator finds nothing to govern
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.operator().isReady());
        assertThat(harness.operator().pollerCount()).isZero();
    }

    @Test
    void aPolicyKeptByAFinalizerOfAnOlderVersionIsNoLongerGovernedOnceDeleted() {
        cluster("http://es-y:9200");
        TaskPolicy policy = Policies.policy(NS, "legacy", "http://es-y:9200", "10s", "indices:data/read/search*");
        policy.getMetadata().setFinalizers(List.of("taskpolicies.taskgovernor.io/finalizer"));
        client.resource(policy).create();
        awaitReady("legacy", "True", ReadyReason.Governing);
        assertThat(harness.operator().pollerCount()).isEqualTo(1);

        client.resources(TaskPolicy.class).inNamespace(NS).withName("legacy").delete();

        await().atMost(Duration.ofSeconds(10)).until(() -> harness.operator().pollerCount() == 0);
        assertThat(harness.get(NS, "legacy").getMetadata().getFinalizers()).as("left to be removed by hand")
                .containsExactly("taskpolicies.taskgovernor.io/finalizer");
        client.resources(TaskPolicy.class).inNamespace(NS).withName("legacy").edit(p -> {
            p.getMetadata().setFinalizers(List.of());
            return p;
        });
    }

    @Test
    void deletingAPolicyStopsItsPoller() {
        cluster("http://es-h:9200");
        client.resource(Policies.policy(NS, "doomed", "http://es-h:9200", "10s", "indices:data/read/search*")).create();
        awaitReady("doomed", "True", ReadyReason.Governing);
        assertThat(harness.operator().pollerCount()).isEqualTo(1);

        client.resources(TaskPolicy.class).inNamespace(NS).withName("doomed").delete();

        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> harness.operator().pollerCount() == 0);
    }
}
