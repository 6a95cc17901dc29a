package io.taskgovernor.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A TaskPolicy or ClusterTaskPolicy that passed validation, in the typed form the engine works with.
 *
 * @param key which policy; tells a ClusterTaskPolicy from a TaskPolicy of the same name
 * @param audit     what its decisions record, and where they are also written
 */
public record CompiledPolicy(
        PolicyKey key,
        ClusterTarget cluster,
        Duration interval,
        boolean dryRun,
        boolean suspended,
        List<CompiledRule> rules,
        CancellationSettings cancellation,
        AuditSettings audit) {

    public CompiledPolicy {
        Objects.requireNonNull(key, "key");
        rules = List.copyOf(rules);
        audit = audit == null ? AuditSettings.DEFAULT : audit;
    }

    /** The same policy, reporting its violations without cancelling (`run --dry-run`). */
    public CompiledPolicy asDryRun() {
        return new CompiledPolicy(key, cluster, interval, true, suspended, rules, cancellation, audit);
    }

    /** Null for a ClusterTaskPolicy, and for a TaskPolicy outside Kubernetes that names none. */
    public String namespace() {
        return key.namespace();
    }

    public String name() {
        return key.name();
    }
}
