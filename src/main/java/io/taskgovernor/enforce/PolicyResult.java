package io.taskgovernor.enforce;

import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.Evaluation;
import java.util.List;

/** One policy's share of a pass: what it saw and what was done. */
public record PolicyResult(CompiledPolicy policy, Evaluation evaluation, List<Decision> decisions) {
    public PolicyResult {
        decisions = List.copyOf(decisions);
    }
}
