package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import java.util.List;
import java.util.Optional;

/**
 * Whether one rule applies to one task; every filter a rule sets must hold. Nodes are compared by
 * id, against what the rule's node specification resolved to. Each filter is its own check, so that
 * a failing one can be named.
 */
final class RuleMatcher {
    private RuleMatcher() {}

    static boolean matches(CompiledRule rule, RunningTask task, ResolvedNodes nodes) {
        return matches(rule, task, nodes, null);
    }

    /**
     * @param tree the listing's tree, for {@code excludeIndices}: a task under a listed ancestor that names an excluded
     *             index is excluded with it; null to judge the task alone
     */
    static boolean matches(CompiledRule rule, RunningTask task, ResolvedNodes nodes, TaskTree tree) {
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
        if (!rule.descriptions().isEmpty() && !anyMatches(rule.descriptions(), task.description())) {
            return false;
        }
        RuleFilters filters = rule.filters();
        if (filters == RuleFilters.NONE) {
            return true;
        }
        return originMatches(filters, task) && productOriginMatches(filters, task) && indicesMatch(filters, task)
                && !ancestorExcluded(filters, task, tree);
    }

    private static boolean originMatches(RuleFilters filters, RunningTask task) {
        if (filters.origins().isEmpty() && filters.excludeOrigins().isEmpty()) {
            return true;
        }
        String origin = Origin.parse(task.opaqueId()).map(Origin::text).orElse(null);
        if (!filters.origins().isEmpty() && !anyMatches(filters.origins(), origin)) {
            return false;
        }
        return !anyMatches(filters.excludeOrigins(), origin);
    }

    private static boolean productOriginMatches(RuleFilters filters, RunningTask task) {
        String product = task.productOrigin();
        if (!filters.productOrigins().isEmpty() && !anyMatches(filters.productOrigins(), product)) {
            return false;
        }
        return !anyMatches(filters.excludeProductOrigins(), product);
    }

    private static boolean indicesMatch(RuleFilters filters, RunningTask task) {
        if (!filters.readsIndices()) {
            return true;
        }
        Optional<List<String>> indices = TaskIndices.of(task.description());
        if (indices.isEmpty()) {
            // Unreadable: an indices rule cannot say it matches, and an exclusion must assume the worst.
            return filters.indices().isEmpty() && filters.excludeIndices().isEmpty();
        }
        if (!filters.indices().isEmpty() && indices.get().stream().noneMatch(i -> anyMatches(filters.indices(), i))) {
            return false;
        }
        return indices.get().stream().noneMatch(i -> mayTouch(filters.excludeIndices(), i));
    }

    /**
     * A search's shard tasks name one index each, a reindex's bulk requests only the destination: judged alone, the
     * part of a task that an exclusion spares would be cancelled, failing the whole. Only ancestors whose indices can
     * be read count (a scroll or driver parent says nothing).
     */
    private static boolean ancestorExcluded(RuleFilters filters, RunningTask task, TaskTree tree) {
        if (tree == null || filters.excludeIndices().isEmpty() || !task.isChild()) {
            return false;
        }
        for (RunningTask ancestor : tree.ancestors(task)) {
            Optional<List<String>> indices = TaskIndices.of(ancestor.description());
            if (indices.isPresent() && indices.get().stream().anyMatch(i -> mayTouch(filters.excludeIndices(), i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the index expression a task names may reach an index the patterns name: either matches the other,
     * so a search on {@code *} or {@code se*} is taken to touch {@code secret-*}.
     */
    private static boolean mayTouch(List<WildcardPattern> patterns, String expression) {
        if (anyMatches(patterns, expression)) {
            return true;
        }
        if (expression.indexOf('*') < 0) {
            return false;
        }
        WildcardPattern named = WildcardPattern.of(expression);
        return patterns.stream().anyMatch(p -> named.matches(p.pattern()));
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
