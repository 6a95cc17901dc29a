package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a rule matched a task, as a decision explains it: for each filter the rule sets, the pattern
 * (or node specification) that let the task through. Read after the fact from the rule and the
 * task, so it agrees with {@link RuleMatcher} as long as both read the same fields.
 */
public final class MatchedPatterns {
    private MatchedPatterns() {}

    /**
     * @return field name to what matched, in the order the rule is read: {@code action},
     *         {@code nodes} (the rule's node specification), {@code opaqueId}, {@code description};
     *         a filter the rule does not set is absent
     */
    public static Map<String, String> of(CompiledRule rule, RunningTask task) {
        Map<String, String> matched = new LinkedHashMap<>();
        put(matched, "action", firstMatch(rule.actions(), task.action()));
        if (!rule.nodes().isEmpty()) {
            matched.put("nodes", rule.nodeSpec());
        }
        put(matched, "opaqueId", firstMatch(rule.opaqueIds(), task.opaqueId()));
        put(matched, "description", firstMatch(rule.descriptions(), task.description()));
        return matched;
    }

    private static void put(Map<String, String> matched, String field, String pattern) {
        if (pattern != null) {
            matched.put(field, pattern);
        }
    }

    private static String firstMatch(List<WildcardPattern> patterns, String value) {
        if (value == null) {
            return null;
        }
        for (WildcardPattern pattern : patterns) {
            if (pattern.matches(value)) {
                return pattern.pattern();
            }
        }
        return null;
    }
}
