package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.policy.GovernorOpaqueId;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.CompiledRule;
import io.taskgovernor.policy.ResolvedNodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the node specifications of one cluster's rules select, asked of that cluster
 * ({@link TasksApi#resolveNodes}) and kept for {@link #TTL}. One per cluster: handed another
 * cluster's client it starts over, so ids never leak from one cluster to another.
 *
 * <p>A specification is asked about when a rule first names it (a policy change takes effect in
 * the next pass) and again once its answer is older than {@link #TTL}; specifications no rule names
 * any more are dropped.
 */
public final class NodeSpecCache {
    /**
     * How long an answer is used. Passes can come many times a second (deadline-aware scheduling),
     * and each resolution is a {@code _nodes} call every selected node answers; 30 s keeps that to
     * about one call per specification every two passes at the default 15 s interval, while a node
     * that joins (a new warm node), leaves, or a new elected {@code _master}, is seen within 30 s.
     */
    public static final Duration TTL = Duration.ofSeconds(30);

    private record Answer(Set<String> ids, Instant at) {}

    private final Clock clock;
    private final Map<String, Answer> answers = new HashMap<>();
    private TasksApi cluster;

    public NodeSpecCache(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param timeout how long each selected node may take to answer (the list call's per-node timeout)
     * @return the ids every node specification of the policies' rules selects
     * @throws ClusterException when a specification that is not cached (or is stale) cannot be resolved
     */
    public synchronized ResolvedNodes resolve(Collection<CompiledPolicy> policies, TasksApi tasks, Duration timeout) {
        if (cluster != tasks) {
            answers.clear();
            cluster = tasks;
        }
        Set<String> specs = new LinkedHashSet<>();
        for (CompiledPolicy policy : policies) {
            for (CompiledRule rule : policy.rules()) {
                if (rule.nodeSpec() != null) {
                    specs.add(rule.nodeSpec());
                }
            }
        }
        answers.keySet().retainAll(specs);
        Map<String, Set<String>> ids = new HashMap<>();
        for (String spec : specs) {
            Answer answer = answers.get(spec);
            Instant now = clock.instant();
            if (answer == null || !now.isBefore(answer.at().plus(TTL))) {
                answer = new Answer(tasks.resolveNodes(spec, timeout, GovernorOpaqueId.NODES), now);
                answers.put(spec, answer);
            }
            ids.put(spec, answer.ids());
        }
        return new ResolvedNodes(ids);
    }
}
