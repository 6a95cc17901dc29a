package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.taskgovernor.audit.AuditTrail;
import io.taskgovernor.policy.AuditDestination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code AuditTrail} condition of a policy with {@code spec.audit.dataStream}: whether its decisions
 * reach the data stream. Separate from Ready on purpose: the audit trail never stops enforcement, so
 * its trouble leaves Ready as it is. Pure.
 * <ul>
 *   <li>{@code True/Writing}: the last bulk request wrote;</li>
 *   <li>{@code Unknown/NothingWrittenYet}: no document has been written there yet;</li>
 *   <li>{@code False/AuditFailing}: the cluster does not answer or refuses documents (the message quotes it,
 *       with the documents dropped and refused so far);</li>
 *   <li>{@code False/AuditCredentialsUnavailable}: the Secrets of {@code spec.audit.dataStream.elasticsearch}
 *       cannot be read; decisions are not written.</li>
 * </ul>
 * Policies without a data stream have no such condition.
 */
final class AuditCondition {
    static final String TYPE = "AuditTrail";

    /**
     * What is known of a policy's audit trail.
     *
     * @param destination      the policy's data stream, or null when it has none
     * @param target           where it is, for messages (the data stream's cluster URL)
     * @param credentialsProblem why the other cluster's Secrets cannot be used, else null
     * @param health           the trail's health, empty before its first decision
     */
    record State(AuditDestination destination, String target, String credentialsProblem, Optional<AuditTrail.Health> health) {
        static final State NONE = new State(null, null, null, Optional.empty());
    }

    private AuditCondition() {}

    static List<Condition> apply(List<Condition> conditions, State state, long generation, Instant now) {
        List<Condition> next = new ArrayList<>();
        Condition old = null;
        for (Condition condition : conditions == null ? List.<Condition>of() : conditions) {
            if (TYPE.equals(condition.getType())) {
                old = condition;
            } else {
                next.add(condition);
            }
        }
        if (state.destination() == null) {
            return next;
        }
        String where = "data stream " + state.destination().dataStream() + " on " + state.target();
        String status;
        String reason;
        String message;
        if (state.credentialsProblem() != null) {
            status = "False";
            reason = "AuditCredentialsUnavailable";
            message = state.credentialsProblem() + "; decisions are not written to " + where + " (enforcement goes on)";
        } else if (state.health().isEmpty() || state.health().get().written() == 0 && !state.health().get().failing()) {
            status = "Unknown";
            reason = "NothingWrittenYet";
            message = "nothing written yet to " + where;
        } else if (state.health().get().failing()) {
            AuditTrail.Health h = state.health().get();
            status = "False";
            reason = "AuditFailing";
            message = StatusComposer.truncate(where + ": " + h.problem() + " (" + h.dropped() + " dropped, " + h.refused()
                    + " refused so far; enforcement goes on)");
        } else {
            status = "True";
            reason = "Writing";
            message = "decisions are written to " + where;
        }
        String transition = old != null && Objects.equals(old.getStatus(), status) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime() : now.toString();
        next.add(new ConditionBuilder().withType(TYPE).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(transition).build());
        return next;
    }
}
