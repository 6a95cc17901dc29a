package io.taskgovernor.policy;

import java.time.Duration;
import java.util.List;

/**
 * A validated rule: patterns compiled, durations parsed. Empty filter lists mean "no restriction".
 *
 * @param nodes Elasticsearch node specifications as written (names, ids, addresses, patterns,
 *              {@code attr:value}, {@code role:true|false}, {@code _local}, {@code _master}); they
 *              select nodes only once resolved ({@link ResolvedNodes})
 * @param filters origin, product origin and index filters ({@link RuleFilters#NONE} for none)
 */
public record CompiledRule(
        String name,
        List<WildcardPattern> actions,
        Duration maxRuntime,
        List<String> nodes,
        List<WildcardPattern> opaqueIds,
        List<WildcardPattern> excludeOpaqueIds,
        List<WildcardPattern> descriptions,
        RuleFilters filters) {

    public CompiledRule {
        actions = List.copyOf(actions);
        nodes = List.copyOf(nodes);
        opaqueIds = List.copyOf(opaqueIds);
        excludeOpaqueIds = List.copyOf(excludeOpaqueIds);
        descriptions = List.copyOf(descriptions);
        filters = filters == null ? RuleFilters.NONE : filters;
    }

    /** Whether judging the rule needs each task's description (a detailed listing). */
    public boolean readsDescriptions() {
        return !descriptions.isEmpty() || filters.readsIndices();
    }

    /**
     * The rule's nodes as one Elasticsearch node specification, e.g. {@code "data:true,master:false"}:
     * applied in order, as {@code _tasks?nodes=} would, so a {@code role:false} entry removes from what
     * the entries before it selected. Null when the rule names no nodes.
     */
    public String nodeSpec() {
        return nodes.isEmpty() ? null : String.join(",", nodes);
    }
}
