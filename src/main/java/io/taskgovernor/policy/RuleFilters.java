package io.taskgovernor.policy;

import java.util.List;

/**
 * A rule's filters on who started a task and what it touches; empty lists mean "no restriction", as for the
 * rule's other filters.
 *
 * @param origins               one must match the task's {@link Origin#text()} (a task with no origin does not match)
 * @param excludeOrigins        the rule never matches a task whose origin matches one of these
 * @param productOrigins        one must match the task's {@code X-elastic-product-origin} header (e.g. {@code kibana})
 * @param excludeProductOrigins the rule never matches a task whose product origin matches one of these
 * @param indices               one must match an index the task's description names ({@link TaskIndices}); a task
 *                              whose indices cannot be read does not match
 * @param excludeIndices        the rule never matches a task naming an index one of these matches, nor a task whose
 *                              indices cannot be read (it might touch them)
 */
public record RuleFilters(
        List<WildcardPattern> origins,
        List<WildcardPattern> excludeOrigins,
        List<WildcardPattern> productOrigins,
        List<WildcardPattern> excludeProductOrigins,
        List<WildcardPattern> indices,
        List<WildcardPattern> excludeIndices) {

    public static final RuleFilters NONE = new RuleFilters(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public RuleFilters {
        origins = List.copyOf(origins);
        excludeOrigins = List.copyOf(excludeOrigins);
        productOrigins = List.copyOf(productOrigins);
        excludeProductOrigins = List.copyOf(excludeProductOrigins);
        indices = List.copyOf(indices);
        excludeIndices = List.copyOf(excludeIndices);
    }

    /** Whether a task's description must be listed to judge it. */
    public boolean readsIndices() {
        return !indices.isEmpty() || !excludeIndices.isEmpty();
    }
}
