package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import java.util.List;
import java.util.function.Function;

/**
 * One filter of a rule ({@link RuleMatcher#FILTERS}): decides whether a task passes it, and, only
 * when asked ({@code explain}), says why a task does not. Deciding builds no text, since it runs for
 * every task of every listing.
 */
interface RuleFilter {
    /** What the filter looks at, as {@code explain} names it, e.g. {@code "action"}, {@code "excluded opaque id"}. */
    String name();

    boolean passes(CompiledRule rule, RunningTask task, ResolvedNodes nodes);

    /** Why the task does not pass, e.g. {@code action "cluster:monitor/health" matches none of [indices:*]}; called only when it does not. */
    String whyNot(CompiledRule rule, RunningTask task, ResolvedNodes nodes);

    /**
     * A filter on patterns the rule lists: when the list is not empty, one pattern must match the
     * task's value; an absent value (null) matches none.
     *
     * @param what the value as people read it, e.g. {@code "opaque id"}
     */
    static RuleFilter anyOf(String what, Function<CompiledRule, List<WildcardPattern>> patterns,
            Function<RunningTask, String> value) {
        return new Patterns(what, patterns, value, false);
    }

    /** A filter on patterns the rule excludes: no pattern may match the task's value; an absent value passes. */
    static RuleFilter noneOf(String what, Function<CompiledRule, List<WildcardPattern>> patterns,
            Function<RunningTask, String> value) {
        return new Patterns("excluded " + what, patterns, value, true);
    }

    record Patterns(String name, Function<CompiledRule, List<WildcardPattern>> patterns,
            Function<RunningTask, String> value, boolean excluding) implements RuleFilter {

        @Override
        public boolean passes(CompiledRule rule, RunningTask task, ResolvedNodes nodes) {
            List<WildcardPattern> listed = patterns.apply(rule);
            if (listed.isEmpty()) {
                // Decided without the task's value: reading some values costs (an origin is parsed out of the
                // opaque id), and most rules leave most filters empty, on every task of every pass.
                return true;
            }
            String actual = value.apply(task);
            return excluding ? firstMatch(listed, actual) == null : firstMatch(listed, actual) != null;
        }

        @Override
        public String whyNot(CompiledRule rule, RunningTask task, ResolvedNodes nodes) {
            List<WildcardPattern> listed = patterns.apply(rule);
            String actual = value.apply(task);
            String what = excluding ? name.substring("excluded ".length()) : name;
            if (excluding) {
                return what + " \"" + actual + "\" matches the excluded pattern \"" + firstMatch(listed, actual).pattern() + "\"";
            }
            String patternList = listed.stream().map(WildcardPattern::pattern).toList().toString();
            if (actual == null) {
                return "the task has no " + what + ", the rule requires one matching " + patternList;
            }
            return what + " \"" + actual + "\" matches none of " + patternList;
        }

        /** The first of the patterns that matches the value; null when none does or the value is null. */
        static WildcardPattern firstMatch(List<WildcardPattern> listed, String actual) {
            if (actual == null) {
                return null;
            }
            for (int i = 0; i < listed.size(); i++) { // indexed: runs per task, rule and filter (RuleMatcher#matches)
                if (listed.get(i).matches(actual)) {
                    return listed.get(i);
                }
            }
            return null;
        }
    }
}
