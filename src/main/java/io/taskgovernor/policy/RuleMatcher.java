package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether one rule applies to one task; every filter a rule sets must hold. Nodes are compared by
 * id, against what the rule's node specification resolved to. The same filters decide
 * ({@link #matches}, for {@link TaskDecider}) and explain ({@link #failures}, for {@link Explanation}).
 */
final class RuleMatcher {
    /** Every filter of a rule, in the order they are checked. A filter added here is decided on and explained. */
    static final List<RuleFilter> FILTERS = List.of(
            RuleFilter.anyOf("action", CompiledRule::actions, RunningTask::action),
            new NodeFilter(),
            RuleFilter.anyOf("opaque id", CompiledRule::opaqueIds, RunningTask::opaqueId),
            RuleFilter.noneOf("opaque id", CompiledRule::excludeOpaqueIds, RunningTask::opaqueId),
            // A rule on descriptions cannot judge a task whose description is unknown: it does not match.
            RuleFilter.anyOf("description", CompiledRule::descriptions, RunningTask::description));

    private RuleMatcher() {}

    static boolean matches(CompiledRule rule, RunningTask task, ResolvedNodes nodes) {
        for (RuleFilter filter : FILTERS) {
            if (!filter.passes(rule, task, nodes)) {
                return false;
            }
        }
        return true;
    }

    /** Every filter of the rule the task fails, with why; empty when the rule matches the task. */
    static List<Explanation.FilterFailure> failures(CompiledRule rule, RunningTask task, ResolvedNodes nodes) {
        List<Explanation.FilterFailure> failures = new ArrayList<>();
        for (RuleFilter filter : FILTERS) {
            if (!filter.passes(rule, task, nodes)) {
                failures.add(new Explanation.FilterFailure(filter.name(), filter.whyNot(rule, task, nodes)));
            }
        }
        return failures;
    }

    /** The node running the task must be one the rule's node specification selected. */
    private record NodeFilter() implements RuleFilter {
        @Override
        public String name() {
            return "node";
        }

        @Override
        public boolean passes(CompiledRule rule, RunningTask task, ResolvedNodes nodes) {
            return nodes.selects(rule, task.nodeId());
        }

        @Override
        public String whyNot(CompiledRule rule, RunningTask task, ResolvedNodes nodes) {
            return "node " + task.nodeLabel() + " (" + task.nodeId() + ") is not among the nodes [" + rule.nodeSpec()
                    + "] select" + (nodes.ids(rule).isEmpty() ? " (they select none)" : ": " + nodes.ids(rule).stream().sorted().toList());
        }
    }
}
