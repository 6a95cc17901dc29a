package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import java.util.List;

/**
 * Whether one rule applies to one task; every filter a rule sets must hold. Nodes are compared by
 * id, against what the rule's node specification resolved to.
 */
final class RuleMatcher {
    private RuleMatcher() {}

    static boolean matches(CompiledRule rule, RunningTask task, ResolvedNodes nodes) {
        if (!anyMatches(rule.actions(), task.action())) {
            return false;
        }
        if (!nodes.selects(rule, task.nodeId())) {
            return false;
        }
        String opaqueId = task.opaqueId();
        if (!rule.opaqueIds().isEmpty() && !anyMatches(rule.opaqueIds(), opaqueId)) {
            return false;
        }
        if (anyMatches(rule.excludeOpaqueIds(), opaqueId)) {
            return false;
        }
        // A rule on descriptions cannot judge a task whose description is unknown: it does not match.
        return rule.descriptions().isEmpty() || anyMatches(rule.descriptions(), task.description());
    }

    private static boolean anyMatches(List<WildcardPattern> patterns, String value) {
        if (value == null) {
            return false;
        }
        for (WildcardPattern pattern : patterns) {
            if (pattern.matches(value)) {
                return true;
            }
        }
        return false;
    }
}
