package io.taskgovernor.reconcile;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassLedgerTest {
    private static final Instant T = Instant.parse("2026-11-28T12:00:00Z");

    private static PolicyObservation observation(int decisions) {
        List<Decision> list = new ArrayList<>();
        for (int i = 0; i < decisions; i++) {
            list.add(new Decision("ns/p", "r", task("n:" + i).build(), Duration.ofSeconds(1), Duration.ZERO,
                    Outcome.CANCELLED, null, T));
        }
        return new PolicyObservation(T, null, null, List.of(), list);
    }

    @Test
    void decisionsAreDrainedOnceAndGivenBackWhenTheyCouldNotBeRecorded() {
        PassLedger ledger = new PassLedger();
        ledger.record("ns/p", observation(2));
        ledger.record("ns/p", observation(1));

        PassLedger.Snapshot first = ledger.drain("ns/p");
        assertThat(first.newDecisions()).hasSize(3);
        assertThat(ledger.drain("ns/p").newDecisions()).isEmpty();

        ledger.giveBack("ns/p", first);
        assertThat(ledger.drain("ns/p").newDecisions()).hasSize(3);
    }

    @Test
    void pendingDecisionsAreBoundedAndTheDroppedOnesCounted() {
        PassLedger ledger = new PassLedger();
        ledger.record("ns/p", observation(PassLedger.MAX_PENDING_DECISIONS + 10));

        PassLedger.Snapshot snapshot = ledger.drain("ns/p");
        assertThat(snapshot.newDecisions()).hasSize(PassLedger.MAX_PENDING_DECISIONS);
        assertThat(snapshot.droppedDecisions()).isEqualTo(10);
    }

    @Test
    void aForgottenPolicyHasNothing() {
        PassLedger ledger = new PassLedger();
        ledger.record("ns/p", observation(1));
        ledger.forget("ns/p");
        assertThat(ledger.drain("ns/p").latest()).isNull();
    }
}
