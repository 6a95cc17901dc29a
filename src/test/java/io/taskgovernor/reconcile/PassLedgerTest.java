package io.taskgovernor.reconcile;

import static io.taskgovernor.testing.TaskBuilder.task;
import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.policy.Evaluation;
import io.taskgovernor.policy.PolicyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PassLedgerTest {
    private static final PolicyKey P = new PolicyKey("ns", "p");
    private static final Evaluation EVALUATION = new Evaluation(
            policy("p").rule(rule("r", Duration.ofSeconds(30), "*").build()).build(),
            0, List.of(), List.of(), List.of(), List.of(), Optional.empty(), List.of());
    private static final Instant T = Instant.parse("2026-11-28T12:00:00Z");

    private static PolicyObservation observation(int decisions) {
        return observation(decisions, Outcome.CANCELLED);
    }

    private static PolicyObservation observation(int decisions, Outcome outcome) {
        List<Decision> list = new ArrayList<>();
        for (int i = 0; i < decisions; i++) {
            list.add(new Decision(P, "r", task("n:" + i).build(), Duration.ofSeconds(1), Duration.ZERO,
                    outcome, outcome == Outcome.FAILED ? "boom" : null, T, null, null));
        }
        return new PolicyObservation(T, EVALUATION, null, List.of(), list, List.of(), null);
    }

    @Test
    void decisionsAreDrainedOnceAndGivenBackWhenTheyCouldNotBeRecorded() {
        PassLedger ledger = new PassLedger();
        ledger.record(P, observation(2));
        ledger.record(P, observation(1));

        PassLedger.Snapshot first = ledger.drain(P);
        assertThat(first.newDecisions()).hasSize(3);
        assertThat(ledger.drain(P).newDecisions()).isEmpty();

        ledger.giveBack(P, first);
        assertThat(ledger.drain(P).newDecisions()).hasSize(3);
    }

    @Test
    void pendingDecisionsAreBoundedAndTheDroppedOnesCounted() {
        PassLedger ledger = new PassLedger();
        ledger.record(P, observation(PassLedger.MAX_PENDING_DECISIONS + 10));

        ledger.record(P, observation(5, Outcome.FAILED));

        PassLedger.Snapshot snapshot = ledger.drain(P);
        assertThat(snapshot.newDecisions()).hasSize(PassLedger.MAX_PENDING_DECISIONS);
        assertThat(snapshot.dropped()).isEqualTo(new PassLedger.Tally(Map.of(Outcome.CANCELLED, 15L)));

        ledger.giveBack(P, snapshot);
        assertThat(ledger.drain(P).dropped()).as("given back with the decisions").isEqualTo(snapshot.dropped());
    }

    @Test
    void statusCountersIncludeTheDecisionsThatFellOffTheList() {
        PassLedger ledger = new PassLedger();
        ledger.record(P, observation(PassLedger.MAX_PENDING_DECISIONS + 10));
        ledger.record(P, observation(3, Outcome.FAILED));

        var status = new StatusComposer().compose(null, 1, new PolicyState.Active(), ledger.drain(P), T);
        assertThat(status.getCancellationsTotal()).isEqualTo(PassLedger.MAX_PENDING_DECISIONS + 10L);
        assertThat(status.getDecisionsByOutcome()).containsEntry("FAILED", 3L);
        assertThat(status.getDecisionsTotal()).isEqualTo(PassLedger.MAX_PENDING_DECISIONS + 13L);
    }

    @Test
    void aForgottenPolicyHasNothing() {
        PassLedger ledger = new PassLedger();
        ledger.record(P, observation(1));
        ledger.forget(P);
        assertThat(ledger.drain(P).latest()).isNull();
    }
}
