package io.taskgovernor.enforce;

import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.Evaluation;
import java.util.List;

/**
 * One policy's share of a pass: what it saw and what was done.
 *
 * @param decisions what the pass decided for the first time: a dry-run or not-cancellable decision
 *                  an earlier pass of the same poller already reported on a task still listed is
 *                  left out ({@link DecisionMemory}); the evaluation still holds every violation
 *
 * @param warnings what the author should know though the pass went through, e.g. a rule whose
 *                 nodes select no node
 */
public record PolicyResult(CompiledPolicy policy, Evaluation evaluation, List<Decision> decisions, List<String> warnings) {
    public PolicyResult {
        decisions = List.copyOf(decisions);
        warnings = List.copyOf(warnings);
    }

    /** A share with nothing to warn about. */
    public PolicyResult(CompiledPolicy policy, Evaluation evaluation, List<Decision> decisions) {
        this(policy, evaluation, decisions, List.of());
    }
}
