package io.taskgovernor.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A TaskPolicy or ClusterTaskPolicy that passed validation, in the typed form the engine works with.
 *
 * @param key which policy; tells a ClusterTaskPolicy from a TaskPolicy of the same name
 */
public record CompiledPolicy(
        PolicyKey key,
        ClusterTarget cluster,
        Duration interval,
        boolean dryRun,
        boolean suspended,
        List<CompiledRule> rules,
        CancellationSettings cancellation) {

    public CompiledPolicy {
        Objects.requireNonNull(key, "key");
        rules = List.copyOf(rules);
    }

    /** A TaskPolicy; {@code namespace} null outside Kubernetes. */
    public CompiledPolicy(String namespace, String name, ClusterTarget cluster, Duration interval, boolean dryRun,
                          boolean suspended, List<CompiledRule> rules, CancellationSettings cancellation) {
        this(new PolicyKey(namespace, name), cluster, interval, dryRun, suspended, rules, cancellation);
    }

    /** The same policy, reporting its violations without cancelling (`run --dry-run`). */
    public CompiledPolicy asDryRun() {
        return new CompiledPolicy(key, cluster, interval, true, suspended, rules, cancellation);
    }

    /** Null for a ClusterTaskPolicy, and for a TaskPolicy outside Kubernetes that names none. */
    public String namespace() {
        return key.namespace();
    }

    public String name() {
        return key.name();
    }
}
