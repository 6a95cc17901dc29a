package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.taskgovernor.audit.AuditTrail;
import io.taskgovernor.policy.AuditDestination;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditConditionTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final AuditDestination STREAM = new AuditDestination("logs-taskgovernor.audit-default", null);
    private static final Condition READY = new ConditionBuilder().withType("Ready").withStatus("True").withReason("Governing").build();

    private static AuditCondition.State state(String credentialsProblem, AuditTrail.Health health) {
        return new AuditCondition.State(STREAM, "https://es:9200", credentialsProblem, Optional.ofNullable(health));
    }

    private static Condition audit(List<Condition> conditions) {
        return conditions.stream().filter(c -> c.getType().equals("AuditTrail")).findFirst().orElseThrow();
    }

    @Test
    void aPolicyWithoutADataStreamHasNoAuditConditionAndReadyIsLeftAlone() {
        List<Condition> before = AuditCondition.apply(List.of(READY), state(null, null), 1, T0);

        assertThat(AuditCondition.apply(before, AuditCondition.State.NONE, 1, T0)).containsExactly(READY);
    }

    @Test
    void eachStateHasItsReasonAndReadyStays() {
        AuditTrail.Health writing = new AuditTrail.Health(3, 0, 0, 0, 0, null, null);
        AuditTrail.Health failing = new AuditTrail.Health(3, 7, 1, 4, 2, "write 1 audit documents to x on https://es:9200: "
                + "ConnectException: Connection refused", T0);

        assertThat(audit(AuditCondition.apply(List.of(READY), state(null, null), 1, T0)))
                .extracting(Condition::getStatus, Condition::getReason).containsExactly("Unknown", "NothingWrittenYet");
        assertThat(audit(AuditCondition.apply(List.of(READY), state(null, new AuditTrail.Health(0, 0, 0, 0, 1, null, null)), 1, T0)))
                .as("handed over, not yet written").extracting(Condition::getReason).isEqualTo("NothingWrittenYet");
        assertThat(audit(AuditCondition.apply(List.of(READY), state(null, writing), 1, T0)))
                .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", "Writing", "decisions are written to data stream logs-taskgovernor.audit-default on https://es:9200");
        Condition failed = audit(AuditCondition.apply(List.of(READY), state(null, failing), 1, T0));
        assertThat(failed.getStatus()).isEqualTo("False");
        assertThat(failed.getReason()).isEqualTo("AuditFailing");
        assertThat(failed.getMessage()).contains("Connection refused", "7 dropped, 1 refused so far; enforcement goes on");
        Condition secret = audit(AuditCondition.apply(List.of(READY), state("Secret ns/audit-writer not found", null), 1, T0));
        assertThat(secret.getReason()).isEqualTo("AuditCredentialsUnavailable");
        assertThat(secret.getMessage()).startsWith("Secret ns/audit-writer not found");
        assertThat(AuditCondition.apply(List.of(READY), state(null, failing), 1, T0)).contains(READY);
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenTheStatusFlips() {
        AuditTrail.Health writing = new AuditTrail.Health(3, 0, 0, 0, 0, null, null);
        AuditTrail.Health failing = new AuditTrail.Health(3, 1, 0, 1, 0, "down", T0);

        List<Condition> first = AuditCondition.apply(List.of(READY), state(null, writing), 1, T0);
        List<Condition> same = AuditCondition.apply(first, state(null, new AuditTrail.Health(9, 0, 0, 0, 0, null, null)), 1,
                T0.plusSeconds(60));
        List<Condition> flipped = AuditCondition.apply(same, state(null, failing), 1, T0.plusSeconds(120));

        assertThat(audit(same).getLastTransitionTime()).isEqualTo(T0.toString());
        assertThat(audit(flipped).getLastTransitionTime()).isEqualTo(T0.plusSeconds(120).toString());
    }
}
