package io.taskgovernor.testing;

import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.Evaluation;
import io.taskgovernor.policy.ResolvedNodes;
import io.taskgovernor.policy.TaskDecider;
import java.util.Collection;
import java.util.List;

/**
 * Shorter calls of {@link TaskDecider#evaluate(Collection, TaskListing, ResolvedNodes)}, the decider's one
 * entry point, for tests that judge one policy or resolve no node specification.
 */
public final class Evaluations {
    private static final TaskDecider DECIDER = new TaskDecider();

    private Evaluations() {
    }

    /** One policy alone; a rule that names nodes matches nothing (nothing resolved). */
    public static Evaluation evaluate(CompiledPolicy policy, TaskListing listing) {
        return evaluate(policy, listing, ResolvedNodes.NONE);
    }

    public static Evaluation evaluate(CompiledPolicy policy, TaskListing listing, ResolvedNodes nodes) {
        return DECIDER.evaluate(List.of(policy), listing, nodes).get(0);
    }

    /** Every policy, in acting order; a rule that names nodes matches nothing (nothing resolved). */
    public static List<Evaluation> evaluate(Collection<CompiledPolicy> policies, TaskListing listing) {
        return DECIDER.evaluate(policies, listing, ResolvedNodes.NONE);
    }
}
