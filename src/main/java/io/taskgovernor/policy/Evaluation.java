package io.taskgovernor.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one policy makes of one task listing, after the task trees and the cluster's other policies
 * are taken into account (see {@link TaskDecider}). Nothing here has been acted on yet.
 *
 * @param governed       tasks a rule of the policy applies to (children included, after the protections)
 * @param toCancel       topmost violators this policy cancels this pass (or, on dry run, reports), oldest first,
 *                       at most maxPerRun
 * @param deferred       topmost violators left for a later pass by maxPerRun
 * @param notCancellable violators Elasticsearch would refuse to cancel: reported, never sent
 * @param lingering      violators already cancelled earlier that are still running
 * @param nextDeadline   earliest moment a governed task still within its limit will cross it
 * @param covered        violators this policy sends nothing for because another cancel stops them: a listed
 *                       ancestor is already cancelled or chosen by an enforcing policy in this pass, or
 *                       an enforcing policy earlier in the order cancels the task itself
 */
public record Evaluation(
        CompiledPolicy policy,
        int governed,
        List<Violation> toCancel,
        List<Violation> deferred,
        List<Violation> notCancellable,
        List<Violation> lingering,
        Optional<Instant> nextDeadline,
        List<Violation> covered) {

    public Evaluation {
        toCancel = List.copyOf(toCancel);
        deferred = List.copyOf(deferred);
        notCancellable = List.copyOf(notCancellable);
        lingering = List.copyOf(lingering);
        covered = List.copyOf(covered);
    }

    /** Violators this policy itself has to handle: chosen, deferred or not cancellable (not covered, not lingering). */
    public int violations() {
        return toCancel.size() + deferred.size() + notCancellable.size();
    }
}
