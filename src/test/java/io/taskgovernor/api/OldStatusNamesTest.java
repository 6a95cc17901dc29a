package io.taskgovernor.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * A policy whose status an operator before the renames wrote must still read: the informer would
 * otherwise fail on every such policy after an upgrade. The status below is what that version wrote
 * (field names from its TaskPolicyStatus and CancellationRecord).
 */
class OldStatusNamesTest {
    @Test
    void aStatusWrittenUnderTheOldNamesReadsAndKeepsCancellationsTotal() {
        String stored = """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: runaway-searches, namespace: search}
                spec:
                  elasticsearch: {url: "http://es:9200"}
                  rules: [{name: searches, actions: ["indices:data/read/search*"], maxRuntime: 2m}]
                status:
                  observedGeneration: 1
                  lastEvaluationTime: "2026-11-30T09:00:00Z"
                  tasksObserved: 4
                  violations: 1
                  lingeringTasks: 0
                  cancellationsTotal: 7
                  failedCancellationsTotal: 2
                  recentCancellations:
                  - {time: "2026-11-30T09:00:00Z", rule: searches, taskId: "n:1", outcome: CANCEL_REQUESTED}
                """;

        TaskPolicy policy = Serialization.unmarshal(stored, TaskPolicy.class);

        assertThat(policy.getStatus().getCancellationsTotal()).isEqualTo(7L);
        assertThat(policy.getStatus().getViolations()).isEqualTo(1);
        assertThat(policy.getStatus().getRecentDecisions()).isEmpty();
        assertThat(policy.getStatus().getDecisionsTotal()).isNull();
    }
}
