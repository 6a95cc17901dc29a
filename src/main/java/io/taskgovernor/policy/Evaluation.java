package io.taskgovernor.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one policy makes of one task listing. Nothing here has been acted on yet.
 *
 * @param governed       tasks a rule of the policy applies to (roots only, after the protections)
 * @param toCancel       violators to cancel this pass, oldest first, at most maxPerRun
 * @param deferred       violators left for a later pass by maxPerRun
 * @param notCancellable violators Elasticsearch would refuse to cancel: reported, never sent
 * @param lingering      violators already cancelled earlier that are still running
 * @param nextDeadline   earliest moment a governed task still within its limit will cross it
 */
public record Evaluation(
        CompiledPolicy policy,
        int governed,
        List<Violation> toCancel,
        List<Violation> deferred,
        List<Violation> notCancellable,
        List<Violation> lingering,
        Optional<Instant> nextDeadline) {

    public Evaluation {
        toCancel = List.copyOf(toCancel);
        deferred = List.copyOf(deferred);
        notCancellable = List.copyOf(notCancellable);
        lingering = List.copyOf(lingering);
    }

    public int violations() {
        return toCancel.size() + deferred.size() + notCancellable.size();
    }
}
