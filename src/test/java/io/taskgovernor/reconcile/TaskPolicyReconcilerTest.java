package io.taskgovernor.reconcile;

import static io.taskgovernor.testing.TaskBuilder.task;
import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.taskgovernor.api.CancellationRecord;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.enforce.ClusterPollers;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.ManualClock;
import io.taskgovernor.testing.ManualPassScheduler;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.time.Clock;
import io.taskgovernor.policy.PolicyKey;
import io.taskgovernor.policy.Evaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reconciler called directly, without JOSDK, to put it in situations the operator tests cannot
 * produce on demand: here, an informer cache that lags behind the reconciler's own status writes.
 */
@EnableKubernetesMockClient(crud = true)
class TaskPolicyReconcilerTest {
    private static final Evaluation EVALUATION = new Evaluation(
            policy("p").rule(rule("r", Duration.ofSeconds(30), "*").build()).build(),
            0, List.of(), List.of(), List.of(), List.of(), Optional.empty(), List.of());
    private static final String NS = "search";
    private static final PolicyKey KEY = new PolicyKey(NS, "lagging");
    static KubernetesClient client;

    private static PolicyObservation cancelled(String taskId) {
        Instant now = Instant.now();
        Decision decision = new Decision(KEY, "rule-1", task(taskId).runningSeconds(40).build(), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Outcome.CANCEL_REQUESTED, null, now, null);
        return new PolicyObservation(now, EVALUATION, null, List.of(), List.of(decision));
    }

    private static TaskPolicy copy(TaskPolicy policy) {
        return Serialization.clone(policy);
    }

    @Test
    void aCachedCopyThatHasNotSeenTheLastStatusWriteDoesNotUndoIt() {
        OperatorHarness.installCrd(client);
        TaskPolicy created = client.resource(Policies.policy(NS, "lagging", "http://es-lag:9200", "30s",
                "indices:data/read/search*")).create();
        PassLedger ledger = new PassLedger();
        Clock clock = Clock.systemUTC();
        ManualClock passClock = new ManualClock(Instant.now()); // no pass runs: the test writes the ledger itself
        try (ClusterPollers pollers = new ClusterPollers(c -> new FakeCluster(), c -> new ManualPassScheduler(passClock),
                clock, (c, governed, result) -> { })) {
            TaskPolicyReconciler reconciler = new TaskPolicyReconciler(client, pollers, ledger,
                    new EventRecorder(client, clock, "test"), clock, key -> { });

            ledger.record(KEY, cancelled("n1:1"));
            reconciler.reconcile(copy(created), null);
            ledger.record(KEY, cancelled("n1:2"));
            reconciler.reconcile(copy(created), null); // the cache still holds the copy from before the first write

            TaskPolicy stored = client.resources(TaskPolicy.class).inNamespace(NS).withName("lagging").get();
            assertThat(stored.getStatus().getCancellationsTotal()).isEqualTo(2L);
            assertThat(stored.getStatus().getRecentCancellations()).extracting(CancellationRecord::getTaskId)
                    .containsExactly("n1:2", "n1:1");

            ledger.record(KEY, cancelled("n1:3"));
            reconciler.reconcile(stored, null); // the cache has caught up: it is used again
            stored = client.resources(TaskPolicy.class).inNamespace(NS).withName("lagging").get();
            assertThat(stored.getStatus().getCancellationsTotal()).isEqualTo(3L);
            assertThat(stored.getStatus().getRecentCancellations()).extracting(CancellationRecord::getTaskId)
                    .containsExactly("n1:3", "n1:2", "n1:1");
        }
    }
}
