package io.taskgovernor.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node ids that rules' node specifications stood for when Elasticsearch last resolved them
 * (see {@link CompiledRule#nodeSpec()}). Rules match tasks by the id of the node running them, so
 * a pattern, an attribute, a role or {@code _local} means here exactly what it means to
 * Elasticsearch.
 *
 * @param idsBySpec node specification (as {@link CompiledRule#nodeSpec()} writes it) to the ids it
 *                  selected; a specification missing here was not resolved and selects no node
 */
public record ResolvedNodes(Map<String, Set<String>> idsBySpec) {
    /** Nothing resolved: rules that name nodes match no task. */
    public static final ResolvedNodes NONE = new ResolvedNodes(Map.of());

    public ResolvedNodes {
        Map<String, Set<String>> copy = new HashMap<>();
        idsBySpec.forEach((spec, ids) -> copy.put(spec, Set.copyOf(ids)));
        idsBySpec = Map.copyOf(copy);
    }

    /** The ids the rule's nodes select; empty when it names nodes that are not (or not yet) known. */
    public Set<String> ids(CompiledRule rule) {
        return idsBySpec.getOrDefault(rule.nodeSpec(), Set.of());
    }

    /**
     * One line for each rule of the policy whose nodes select no node: such a rule matches no task,
     * which must be said rather than left silent (a misspelt name looks just like it).
     */
    public List<String> warnings(CompiledPolicy policy) {
        List<String> warnings = new ArrayList<>();
        for (CompiledRule rule : policy.rules()) {
            if (rule.nodeSpec() != null && ids(rule).isEmpty()) {
                warnings.add("rule " + rule.name() + ": nodes [" + rule.nodeSpec()
                        + "] select no node of the cluster, so the rule matches no task");
            }
        }
        return warnings;
    }

    /** Whether a task on this node is within the rule's nodes; always true for a rule without nodes. */
    public boolean selects(CompiledRule rule, String nodeId) {
        return rule.nodes().isEmpty() || (nodeId != null && ids(rule).contains(nodeId));
    }
}
