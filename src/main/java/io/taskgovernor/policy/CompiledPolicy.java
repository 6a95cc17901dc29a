package io.taskgovernor.policy;

import java.time.Duration;
import java.util.List;

/**
 * A TaskPolicy that passed validation, in the typed form the engine works with.
 *
 * @param namespace null outside Kubernetes
 */
public record CompiledPolicy(
        String namespace,
        String name,
        ClusterTarget cluster,
        Duration interval,
        boolean dryRun,
        boolean suspended,
        List<CompiledRule> rules,
        CancellationSettings cancellation) {

    public CompiledPolicy {
        rules = List.copyOf(rules);
    }

    /** The same policy, reporting its violations without cancelling (`run --dry-run`). */
    public CompiledPolicy asDryRun() {
        return new CompiledPolicy(namespace, name, cluster, interval, true, suspended, rules, cancellation);
    }

    public PolicyKey key() {
        return new PolicyKey(namespace, name);
    }
}
