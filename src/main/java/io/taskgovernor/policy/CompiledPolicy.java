package io.taskgovernor.policy;

import java.time.Duration;
import java.util.List;

/**
 * A TaskPolicy that passed validation, in the typed form the engine works with.
 *
 * @param namespace null outside Kubernetes
 * @param audit     what its decisions record, and where they are also written
 */
public record CompiledPolicy(
        String namespace,
        String name,
        ClusterTarget cluster,
        Duration interval,
        boolean dryRun,
        boolean suspended,
        List<CompiledRule> rules,
        CancellationSettings cancellation,
        AuditSettings audit) {

    public CompiledPolicy {
        rules = List.copyOf(rules);
        audit = audit == null ? AuditSettings.DEFAULT : audit;
    }

    /** A policy with the default audit settings ({@link AuditSettings#DEFAULT}). */
    public CompiledPolicy(String namespace, String name, ClusterTarget cluster, Duration interval, boolean dryRun,
                          boolean suspended, List<CompiledRule> rules, CancellationSettings cancellation) {
        this(namespace, name, cluster, interval, dryRun, suspended, rules, cancellation, AuditSettings.DEFAULT);
    }

    /** The same policy, reporting its violations without cancelling (`run --dry-run`). */
    public CompiledPolicy asDryRun() {
        return new CompiledPolicy(namespace, name, cluster, interval, true, suspended, rules, cancellation, audit);
    }

    public PolicyKey key() {
        return new PolicyKey(namespace, name);
    }
}
