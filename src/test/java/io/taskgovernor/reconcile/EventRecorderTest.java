package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class EventRecorderTest {
    static KubernetesClient client;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T12:00:00Z"));

    private static TaskPolicy policy(String name) {
        TaskPolicy policy = new TaskPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").withUid("uid-" + name).build());
        return policy;
    }

    private static List<Event> events(String name) {
        return client.v1().events().inNamespace("ns").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }

    @Test
    void anEventNamesItsPolicyAndCarriesReasonTypeAndSource() {
        new EventRecorder(client, clock, "pod-1").record(policy("a"),
                new PlannedEvent(EventReason.CancelFailed, "cancelling task n:1 failed: HTTP 500"));

        assertThat(events("a")).singleElement().satisfies(e -> {
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("TaskPolicy");
            assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("taskgovernor.io/v1alpha1");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-a");
            assertThat(e.getReason()).isEqualTo("CancelFailed");
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReportingInstance()).isEqualTo("pod-1");
            assertThat(e.getSource().getComponent()).isEqualTo("task-governor");
            assertThat(e.getCount()).isEqualTo(1);
        });
    }

    @Test
    void equalEventsAreOneEventWithACount() {
        EventRecorder recorder = new EventRecorder(client, clock, "pod-1");
        PlannedEvent same = new PlannedEvent(EventReason.WouldCancel, "would cancel task n:1");
        recorder.record(policy("b"), same);
        clock.advance(Duration.ofSeconds(5));
        recorder.record(policy("b"), same);
        recorder.record(policy("b"), same);

        assertThat(events("b")).singleElement().satisfies(e -> {
            assertThat(e.getCount()).isEqualTo(3);
            assertThat(e.getLastTimestamp()).isEqualTo("2026-11-28T12:00:05Z");
        });
    }

    @Test
    void aStormIsCutAtTheBurstAndTheNextWindowSaysHowManyWereDropped() {
        EventRecorder recorder = new EventRecorder(client, clock, "pod-1");
        for (int i = 0; i < EventRecorder.BURST + 15; i++) {
            recorder.record(policy("c"), new PlannedEvent(EventReason.TaskCancelled, "cancelled task n:" + i));
        }
        assertThat(events("c")).hasSize(EventRecorder.BURST);

        clock.advance(Duration.ofMinutes(1));
        recorder.record(policy("c"), new PlannedEvent(EventReason.TaskCancelled, "cancelled task n:999"));

        assertThat(events("c")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("EventsSuppressed");
            assertThat(e.getMessage()).startsWith("15 event(s)");
        });
    }
}
