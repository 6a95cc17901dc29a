package io.taskgovernor.reconcile;

import static io.taskgovernor.reconcile.PolicyOperatorFixture.NS;
import static io.taskgovernor.reconcile.PolicyOperatorFixture.ready;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.taskgovernor.api.SecretKeyRef;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.Policies;
import io.taskgovernor.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real operator on the mock API server, with scripted clusters: a policy that is invalid, suspended,
 * short of its Secret, unreachable, failing to reconcile or deleted says so and recovers. What governing does:
 * {@link TaskPolicyOperatorTest}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class TaskPolicyLifecycleOperatorTest {
    static KubernetesClient client;

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
    void anInvalidPolicyIsReportedWithoutRetryAndTheOthersKeepBeingGoverned() {
        FakeCluster es = fx.cluster("http://es-b:9200").add(task("n1:9").runningSeconds(30).build());
        TaskPolicy invalid = Policies.policy(NS, "broken", "http://es-b:9200", "5 minutes", "indices:data/read/search*");
        client.resource(invalid).create();
        client.resource(Policies.policy(NS, "fine", "http://es-b:9200", "10s", "indices:data/read/search*")).create();

        fx.awaitReady("broken", "False", ReadyReason.InvalidSpec);
        assertThat(ready(fx.harness().get(NS, "broken")).getMessage()).contains("spec.rules[0].maxRuntime");
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fx.harness().eventsFor(NS, "broken")).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("InvalidSpec");
                    assertThat(e.getType()).isEqualTo("Warning");
                }));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> es.cancelled().contains("n1:9"));
        assertThat(es.cancelOpaqueIds()).containsOnly("task-governor/search/fine");
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
        FakeCluster es = fx.cluster(url).add(task("n1:4").runningSeconds(30).build());
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
                && fx.harness().get(NS, name).getStatus() != null);

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
        fx.awaitReady(name, "False", expected);
        es.releaseCancels();

        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var status = fx.harness().get(NS, name).getStatus();
            assertThat(status.getCancellationsTotal()).isEqualTo(1L);
            assertThat(status.getRecentDecisions()).singleElement().satisfies(r -> {
                assertThat(r.getTaskId()).isEqualTo("n1:4");
                assertThat(r.getOutcome()).isEqualTo("CANCEL_REQUESTED");
            });
        });
        assertThat(ready(fx.harness().get(NS, name)).getReason()).isEqualTo(expected.name());
        assertThat(es.cancelled()).containsExactly("n1:4");
    }

    @Test
    void suspendingAPolicyStopsItsEnforcementAndSaysSo() {
        FakeCluster es = fx.cluster("http://es-d:9200");
        TaskPolicy policy = Policies.policy(NS, "paused", "http://es-d:9200", "10s", "indices:data/read/search*");
        policy.getSpec().setSuspend(true);
        es.add(task("n1:3").runningSeconds(60).build());
        client.resource(policy).create();

        fx.awaitReady("paused", "False", ReadyReason.Suspended);
        assertThat(es.listCalls()).isZero();
        assertThat(fx.harness().operator().pollerCount()).isZero();
    }

    @Test
    void aMissingSecretIsReportedAndTheSecretArrivingFixesIt() {
        fx.cluster("http://es-e:9200");
        TaskPolicy policy = Policies.policy(NS, "secured", "http://es-e:9200", "10s", "indices:data/read/search*");
        policy.getSpec().getElasticsearch().setCredentialsSecret("es-creds");
        client.resource(policy).create();

        fx.awaitReady("secured", "False", ReadyReason.CredentialsUnavailable);
        assertThat(ready(fx.harness().get(NS, "secured")).getMessage()).contains("search/es-creds").contains("not found");

        client.resource(new SecretBuilder().withNewMetadata().withName("es-creds").withNamespace(NS).endMetadata()
                .withStringData(Map.of("username", "governor", "password", "s3cret-Value")).build()).create();

        fx.awaitReady("secured", "True", ReadyReason.Governing);
        assertThat(fx.connections).anySatisfy(c ->
                assertThat(c.credentials()).isEqualTo(new ClusterCredentials.Basic("governor", "s3cret-Value")));
        assertThat(fx.harness().get(NS, "secured").getStatus().toString()).doesNotContain("s3cret-Value");
    }

    @Test
    void aCaSecretThatDoesNotParseIsReportedWithoutItsContentAndFixingTheSecretRecovers(@TempDir Path dir) {
        fx.cluster("http://es-j:9200").add(task("n1:8").runningSeconds(30).build());
        String good = TestCertificates.caPem(dir);
        List<String> lines = good.lines().toList();
        // A truncated copy: header and footer intact, most of the body lost.
        String broken = String.join("\n", lines.get(0), lines.get(1), lines.get(2), lines.get(lines.size() - 1)) + "\n";
        client.resource(new SecretBuilder().withNewMetadata().withName("es-ca").withNamespace(NS).endMetadata()
                .withStringData(Map.of("ca.crt", broken)).build()).create();
        TaskPolicy policy = Policies.policy(NS, "bad-ca", "http://es-j:9200", "10s", "indices:data/read/search*");
        policy.getSpec().getElasticsearch().setCaSecret(new SecretKeyRef("es-ca", "ca.crt"));
        client.resource(policy).create();

        fx.awaitReady("bad-ca", "False", ReadyReason.CredentialsUnavailable);
        String message = ready(fx.harness().get(NS, "bad-ca")).getMessage();
        assertThat(message).contains("Secret search/es-ca").contains("key ca.crt").contains("PEM");
        assertThat(message).doesNotContain(lines.get(1)).doesNotContain(lines.get(2));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fx.harness().eventsFor(NS, "bad-ca")).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("CredentialsUnavailable");
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains("es-ca").doesNotContain(lines.get(1));
                }));

        client.secrets().inNamespace(NS).withName("es-ca").edit(secret -> {
            secret.setStringData(Map.of("ca.crt", good));
            secret.setData(null);
            return secret;
        });
        fx.awaitReady("bad-ca", "True", ReadyReason.Governing);
        assertThat(fx.connections).anySatisfy(c -> assertThat(c.caPem()).isEqualTo(good));
    }

    @Test
    void aReconcileThatFailsSaysSoInStatusAndRecoversOnRetry() {
        fx.cluster("http://es-k:9200").add(task("n1:9").runningSeconds(30).build());
        fx.unbuildableClients.add("http://es-k:9200");
        client.resource(Policies.policy(NS, "unlucky", "http://es-k:9200", "10s", "indices:data/read/search*")).create();

        fx.awaitReady("unlucky", "False", ReadyReason.ReconcileFailed);
        assertThat(ready(fx.harness().get(NS, "unlucky")).getMessage())
                .startsWith("reconcile failed, retried with backoff: IllegalStateException: no client for http://es-k:9200");
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fx.harness().eventsFor(NS, "unlucky")).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("ReconcileFailed");
                    assertThat(e.getType()).isEqualTo("Warning");
                }));

        fx.unbuildableClients.clear();
        fx.awaitReady("unlucky", "True", ReadyReason.Governing);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fx.harness().get(NS, "unlucky").getStatus().getCancellationsTotal()).isEqualTo(1L));
    }

    @Test
    void anUnreachableClusterTurnsReadyFalseAndRecovers() {
        FakeCluster es = fx.cluster("http://es-g:9200");
        client.resource(Policies.policy(NS, "flaky", "http://es-g:9200", "10s", "indices:data/read/search*")).create();
        fx.awaitReady("flaky", "True", ReadyReason.Governing);

        es.failWith(() -> new ClusterUnavailableException("list tasks on http://es-g:9200: ConnectException: refused", null));
        fx.awaitReady("flaky", "False", ReadyReason.ElasticsearchUnavailable);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fx.harness().eventsFor(NS, "flaky")).anySatisfy(e ->
                        assertThat(e.getReason()).isEqualTo("ElasticsearchUnavailable")));

        es.failWith(null);
        fx.awaitReady("flaky", "True", ReadyReason.Governing);
    }

    @Test
    void deletingAPolicyWhileNoOperatorRunsCompletesAtOnce() {
        fx.cluster("http://es-x:9200");
        client.resource(Policies.policy(NS, "orphaned", "http://es-x:9200", "10s", "indices:data/read/search*")).create();
        fx.awaitReady("orphaned", "True", ReadyReason.Governing);
        assertThat(fx.harness().get(NS, "orphaned").getMetadata().getFinalizers()).as("no finalizer").isEmpty();
        fx.harness().close();

        client.resources(TaskPolicy.class).inNamespace(NS).withName("orphaned").delete();

        assertThat(fx.harness().get(NS, "orphaned")).as("gone, not waiting for an operator").isNull();
        fx.start(); // a new operator finds nothing to govern
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.harness().operator().isReady());
        assertThat(fx.harness().operator().pollerCount()).isZero();
    }

    @Test
    void aPolicyKeptByAFinalizerOfAnOlderVersionIsNoLongerGovernedOnceDeleted() {
        fx.cluster("http://es-y:9200");
        TaskPolicy policy = Policies.policy(NS, "legacy", "http://es-y:9200", "10s", "indices:data/read/search*");
        policy.getMetadata().setFinalizers(List.of("taskpolicies.taskgovernor.io/finalizer"));
        client.resource(policy).create();
        fx.awaitReady("legacy", "True", ReadyReason.Governing);
        assertThat(fx.harness().operator().pollerCount()).isEqualTo(1);

        client.resources(TaskPolicy.class).inNamespace(NS).withName("legacy").delete();

        await().atMost(Duration.ofSeconds(10)).until(() -> fx.harness().operator().pollerCount() == 0);
        assertThat(fx.harness().get(NS, "legacy").getMetadata().getFinalizers()).as("left to be removed by hand")
                .containsExactly("taskpolicies.taskgovernor.io/finalizer");
        client.resources(TaskPolicy.class).inNamespace(NS).withName("legacy").edit(p -> {
            p.getMetadata().setFinalizers(List.of());
            return p;
        });
    }

    @Test
    void deletingAPolicyStopsItsPoller() {
        fx.cluster("http://es-h:9200");
        client.resource(Policies.policy(NS, "doomed", "http://es-h:9200", "10s", "indices:data/read/search*")).create();
        fx.awaitReady("doomed", "True", ReadyReason.Governing);
        assertThat(fx.harness().operator().pollerCount()).isEqualTo(1);

        client.resources(TaskPolicy.class).inNamespace(NS).withName("doomed").delete();

        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> fx.harness().operator().pollerCount() == 0);
    }
}
