package io.taskgovernor.reconcile;

import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.api.TaskPolicyStatus;
import io.taskgovernor.policy.PolicyKey;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status this replica last wrote for each policy, kept until the informer cache shows it.
 * Counters and recent cancellations are composed from the previous status; composing them from a
 * cached copy that has not yet seen our own last write would silently undo that write. Only this
 * replica (the leader) writes status, so a cached copy still at the version our write was based on
 * is stale, and any other version is newer.
 */
final class WrittenStatuses {
    private record Written(String basedOn, TaskPolicyStatus status) {}

    private final Map<PolicyKey, Written> byPolicy = new ConcurrentHashMap<>();

    /** The status to build on: the cached one, or ours when the cache has not caught up with it. */
    TaskPolicyStatus freshest(PolicyKey policyKey, TaskPolicy cached) {
        Written written = byPolicy.get(policyKey);
        if (written == null) {
            return cached.getStatus();
        }
        if (Objects.equals(written.basedOn(), cached.getMetadata().getResourceVersion())) {
            return written.status();
        }
        byPolicy.remove(policyKey, written);
        return cached.getStatus();
    }

    void wrote(PolicyKey policyKey, TaskPolicy basedOn, TaskPolicyStatus status) {
        byPolicy.put(policyKey, new Written(basedOn.getMetadata().getResourceVersion(), status));
    }

    void forget(PolicyKey policyKey) {
        byPolicy.remove(policyKey);
    }
}
