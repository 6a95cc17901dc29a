package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node resolution without a cluster, for a replay: all a saved {@code _tasks} answer says about nodes
 * is each listed node's id and name. A rule's node specification is resolved from that only when
 * every entry is {@code _all}, {@code *}, or exactly a listed node's id or name. Anything else
 * (a pattern, an address or host name, {@code attr:value}, {@code role:true|false}, {@code _local},
 * {@code _master}, a name the answer does not list) needs the cluster: such a rule is not guessed at,
 * it matches no task and {@link #warnings} says so.
 */
public final class ListedNodes {
    private final Set<String> ids = new HashSet<>();
    private final Map<String, Set<String>> idsByName = new HashMap<>();

    private ListedNodes(TaskListing listing) {
        for (RunningTask task : listing.tasks()) {
            if (task.nodeId() != null) {
                ids.add(task.nodeId());
                if (task.nodeName() != null) {
                    idsByName.computeIfAbsent(task.nodeName(), n -> new HashSet<>()).add(task.nodeId());
                }
            }
        }
    }

    public static ListedNodes of(TaskListing listing) {
        return new ListedNodes(listing);
    }

    /** The ids each resolvable node specification of the policies' rules selects among the listed nodes. */
    public ResolvedNodes resolve(Collection<CompiledPolicy> policies) {
        Map<String, Set<String>> resolved = new LinkedHashMap<>();
        for (CompiledPolicy policy : policies) {
            for (CompiledRule rule : policy.rules()) {
                if (rule.nodeSpec() != null) {
                    Set<String> selected = select(rule.nodes());
                    if (selected != null) {
                        resolved.put(rule.nodeSpec(), selected);
                    }
                }
            }
        }
        return new ResolvedNodes(resolved);
    }

    /**
     * One line for each rule of the policy whose nodes match no task here: they cannot be resolved
     * from the listing, or they select none of its nodes.
     */
    public List<String> warnings(CompiledPolicy policy) {
        List<String> lines = new ArrayList<>();
        for (CompiledRule rule : policy.rules()) {
            if (rule.nodeSpec() == null) {
                continue;
            }
            Set<String> selected = select(rule.nodes());
            if (selected == null) {
                lines.add("rule " + rule.name() + ": nodes [" + rule.nodeSpec() + "] cannot be resolved without the cluster "
                        + "(a saved answer names its nodes by id and name only; patterns, addresses, attributes, roles, "
                        + "_local, _master and unlisted names need the cluster): the rule matches no task here");
            } else if (selected.isEmpty()) {
                lines.add("rule " + rule.name() + ": nodes [" + rule.nodeSpec() + "] select none of the saved answer's nodes: "
                        + "the rule matches no task here");
            }
        }
        return lines;
    }

    /** The listed ids the entries select, or null when one entry cannot be told from the listing. */
    private Set<String> select(List<String> entries) {
        Set<String> selected = new HashSet<>();
        for (String entry : entries) {
            if ("_all".equals(entry) || "*".equals(entry)) {
                selected.addAll(ids);
            } else if (ids.contains(entry)) {
                selected.add(entry);
            } else if (idsByName.containsKey(entry)) {
                selected.addAll(idsByName.get(entry));
            } else {
                return null;
            }
        }
        return selected;
    }
}
