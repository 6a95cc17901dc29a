package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether one rule applies to one task; every filter a rule sets must hold. Nodes are compared by
 * id, against what the rule's node specification resolved to. The same filters decide
 * ({@link #matches}, for {@link TaskDecider}) and explain ({@link #failures}, for {@link Explanation}).
 * Origins are read from the opaque id ({@link Origin}), indices from the description ({@link TaskIndices}).
 */
final class RuleMatcher {
    /** Every filter of a rule, in the order they are checked. A filter added here is decided on and explained. */
    static final List<RuleFilter> FILTERS = List.of(
            RuleFilter.anyOf("action", CompiledRule::actions, RunningTask::action),
            new NodeFilter(),
            RuleFilter.anyOf("opaque id", CompiledRule::opaqueIds, RunningTask::opaqueId),
            RuleFilter.noneOf("opaque id", CompiledRule::excludeOpaqueIds, RunningTask::opaqueId),
            // A rule on descriptions cannot judge a task whose description is unknown: it does not match.
            RuleFilter.anyOf("description", CompiledRule::descriptions, RunningTask::description),
            RuleFilter.anyOf("origin", r -> r.filters().origins(), RuleMatcher::originText),
            RuleFilter.noneOf("origin", r -> r.filters().excludeOrigins(), RuleMatcher::originText),
            RuleFilter.anyOf("product origin", r -> r.filters().productOrigins(), RunningTask::productOrigin),
            RuleFilter.noneOf("product origin", r -> r.filters().excludeProductOrigins(), RunningTask::productOrigin),
            new IndicesFilter());

    private RuleMatcher() {}

    /**
     * @param tree the listing's tree, for {@code excludeIndices}: a task under a listed ancestor that names an excluded
     *             index is excluded with it; null to judge the task alone
     */
    static boolean matches(CompiledRule rule, RunningTask task, ResolvedNodes nodes, TaskTree tree) {
        // Indexed, not for-each: this runs for every task, rule and pass, and a cold command's C1-compiled code
        // allocates every iterator (it does no escape analysis); iterators were a tenth of a pass on 100k tasks.
        for (int i = 0; i < FILTERS.size(); i++) {
            if (!FILTERS.get(i).passes(rule, task, nodes)) {
                return false;
            }
        }
        return !ancestorExcluded(rule.filters(), task, tree);
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

    private static String originText(RunningTask task) {
        return Origin.parse(task.opaqueId()).map(Origin::text).orElse(null);
    }

    /** {@code indices} and {@code excludeIndices}, read from the task's description. */
    private record IndicesFilter() implements RuleFilter {
        @Override
        public String name() {
            return "indices";
        }

        @Override
        public boolean passes(CompiledRule rule, RunningTask task, ResolvedNodes nodes) {
            return indicesMatch(rule.filters(), task);
        }

        @Override
        public String whyNot(CompiledRule rule, RunningTask task, ResolvedNodes nodes) {
            Optional<List<String>> indices = TaskIndices.of(task.description());
            RuleFilters filters = rule.filters();
            if (indices.isEmpty()) {
                return "the task's indices cannot be read from its description, and the rule names indices "
                        + patterns(filters.indices()) + " or excludes " + patterns(filters.excludeIndices());
            }
            return "indices " + indices.get() + " match none of " + patterns(filters.indices()) + " or may touch the excluded "
                    + patterns(filters.excludeIndices());
        }

        private static List<String> patterns(List<WildcardPattern> patterns) {
            return patterns.stream().map(WildcardPattern::pattern).toList();
        }
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
        return RuleFilter.Patterns.firstMatch(patterns, value) != null;
    }
}
