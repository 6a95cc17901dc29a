package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.ListQuery;
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
}
