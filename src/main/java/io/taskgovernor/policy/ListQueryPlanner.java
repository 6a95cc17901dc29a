package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the single list call that serves every policy on one cluster: the cluster filters as much
 * as it can (actions, nodes), so that fewer bytes cross the wire, and the decider does the rest.
 */
public final class ListQueryPlanner {
    /** Every persistent task's action: Elasticsearch names them after the task with "[c]" appended. */
    static final String PERSISTENT_ACTIONS = "*[c]";

    private ListQueryPlanner() {}

    /** For policies whose rules name no nodes (see the other form). */
    public static ListQuery plan(Collection<CompiledPolicy> policies, Duration timeout) {
        return plan(policies, ResolvedNodes.NONE, timeout);
    }

    /**
     * Narrows the listing to nodes only when every rule names nodes, and then to the ids they
     * resolved to: not to the specifications themselves, because a {@code role:false} entry of one
     * rule would, joined with another rule's entries, remove nodes that rule selected.
     * When they resolved to no node at all the listing is not narrowed (an empty node filter lists
     * every node): it costs a listing, and no task in it matches.
     */
    public static ListQuery plan(Collection<CompiledPolicy> policies, ResolvedNodes resolved, Duration timeout) {
        Set<String> actions = new LinkedHashSet<>();
        Set<String> nodes = new LinkedHashSet<>();
        boolean everyRuleNarrowsNodes = true;
        boolean detailed = false;
        for (CompiledPolicy policy : policies) {
            // A decision's description snapshot comes from the listing: no call per decided task.
            detailed |= policy.audit().keepDescription();
            for (CompiledRule rule : policy.rules()) {
                rule.actions().forEach(a -> actions.add(a.pattern()));
                if (rule.nodes().isEmpty()) {
                    everyRuleNarrowsNodes = false;
                } else {
                    nodes.addAll(new TreeSet<>(resolved.ids(rule)));
                }
                detailed |= rule.readsDescriptions();
            }
        }
        if (actions.contains("*")) {
            actions.clear();
        } else {
            // Persistent tasks (whose actions all end in [c]) are always listed, so that the work
            // they start (a transform's searches, say) shows its protected parent and is left alone
            // instead of being judged as an orphan. They are few: a handful per node.
            actions.add(PERSISTENT_ACTIONS);
        }
        List<String> nodeFilter = everyRuleNarrowsNodes ? List.copyOf(nodes) : List.of();
        return new ListQuery(List.copyOf(actions), nodeFilter, detailed, timeout);
    }

    /**
     * What a planned list call would have answered, cut from a listing that holds at least as much
     * (a saved {@code tasks} answer, which filters nothing): the tasks whose action one of the
     * query's patterns matches ({@code *} wildcards, as Elasticsearch's {@code actions=} matches) on
     * the query's nodes. Replays and explanations judge this, so that a parent the live call would
     * not list ends a task's chain there too ({@link TaskTree}).
     */
    public static TaskListing view(TaskListing listing, ListQuery query) {
        List<WildcardPattern> actions = query.actions().stream().map(WildcardPattern::of).toList();
        Set<String> nodes = Set.copyOf(query.nodes());
        List<RunningTask> listed = listing.tasks().stream()
                .filter(t -> actions.isEmpty() || actions.stream().anyMatch(a -> a.matches(t.action())))
                .filter(t -> nodes.isEmpty() || nodes.contains(t.nodeId()))
                .toList();
        return new TaskListing(listing.observedAt(), listed, listing.nodeFailures());
    }
}
