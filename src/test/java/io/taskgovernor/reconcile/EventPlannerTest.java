package io.taskgovernor.reconcile;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.policy.PolicyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventPlannerTest {
    private static final StatusComposer.Verdict GOVERNING = new StatusComposer.Verdict("True", ReadyReason.Governing, "ok");
    private static final StatusComposer.Verdict DOWN =
            new StatusComposer.Verdict("False", ReadyReason.ElasticsearchUnavailable, "refused");
    private final EventPlanner planner = new EventPlanner();

    private static Decision decision(String id, Outcome outcome) {
        return new Decision(new PolicyKey("ns", "p"), "searches", task(id).runningSeconds(75).opaqueId("dash").build(),
                Duration.ofMinutes(1), Duration.ofSeconds(15), outcome, outcome == Outcome.FAILED ? "HTTP 500" : null,
                Instant.parse("2026-11-28T12:00:00Z"), null, null);
    }

    @Test
    void eachCancellationGetsANormalEventNamingTaskRuleAndOpaqueId() {
        List<PlannedEvent> events = planner.plan(GOVERNING, GOVERNING, List.of(decision("n:1", Outcome.CANCELLED)));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(EventReason.TaskCancelled);
            assertThat(e.message()).contains("n:1").contains("searches").contains("dash").contains("1m15s");
        });
    }

    @Test
    void failuresAreWarningsAndDryRunsAreWouldCancelAndNotCancellableTasksMakeNoEvent() {
        List<PlannedEvent> events = planner.plan(GOVERNING, GOVERNING, List.of(
                decision("n:1", Outcome.FAILED), decision("n:2", Outcome.DRY_RUN), decision("n:3", Outcome.NOT_CANCELLABLE),
                decision("n:4", Outcome.ALREADY_FINISHED)));

        assertThat(events).extracting(PlannedEvent::reason)
                .containsExactlyInAnyOrder(EventReason.CancelFailed, EventReason.WouldCancel);
        assertThat(EventReason.CancelFailed.type()).isEqualTo(EventReason.Type.Warning);
    }

    @Test
    void aStormOfCancellationsBecomesOneSummaryEvent() {
        List<Decision> storm = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            storm.add(decision("n:" + i, Outcome.CANCEL_REQUESTED));
        }

        List<PlannedEvent> events = planner.plan(GOVERNING, GOVERNING, storm);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(EventReason.TaskCancelled);
            assertThat(e.message()).contains("40 tasks").contains("40 by rule searches");
        });
    }

    @Test
    void clusterTroubleIsAnnouncedOnceWhenItStartsAndOnceWhenItEnds() {
        assertThat(planner.plan(GOVERNING, DOWN, List.of())).extracting(PlannedEvent::reason)
                .containsExactly(EventReason.ElasticsearchUnavailable);
        assertThat(planner.plan(DOWN, DOWN, List.of())).isEmpty();
        assertThat(planner.plan(DOWN, GOVERNING, List.of())).extracting(PlannedEvent::reason)
                .containsExactly(EventReason.ElasticsearchAvailable);
        assertThat(planner.plan(GOVERNING, GOVERNING, List.of())).isEmpty();
    }

    @Test
    void anInvalidSpecIsAnnouncedAgainOnlyWhenItsProblemsChange() {
        var invalid = new StatusComposer.Verdict("False", ReadyReason.InvalidSpec, "spec.rules: at least one rule");
        var otherwiseInvalid = new StatusComposer.Verdict("False", ReadyReason.InvalidSpec, "spec.interval: bad");

        assertThat(planner.plan(null, invalid, List.of())).extracting(PlannedEvent::reason).containsExactly(EventReason.InvalidSpec);
        assertThat(planner.plan(invalid, invalid, List.of())).isEmpty();
        assertThat(planner.plan(invalid, otherwiseInvalid, List.of())).hasSize(1);
    }

    @Test
    void insufficientPrivilegesWarnOnceWhenTheyStartAndSayWhenCancelsGetThroughAgain() {
        StatusComposer.Verdict insufficient = new StatusComposer.Verdict("False", ReadyReason.InsufficientPrivileges,
                "Elasticsearch refuses to let this user cancel tasks (HTTP 403): it lacks the cluster privilege cancel_task");

        assertThat(planner.plan(GOVERNING, insufficient, List.of())).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(EventReason.InsufficientPrivileges);
            assertThat(e.reason().type()).isEqualTo(EventReason.Type.Warning);
            assertThat(e.message()).contains("cancel_task");
        });
        assertThat(planner.plan(insufficient, insufficient, List.of())).isEmpty();
        assertThat(planner.plan(insufficient, GOVERNING, List.of())).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(EventReason.CancelsAccepted));
    }
}
