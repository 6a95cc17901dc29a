package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.fabric8.kubernetes.client.CustomResource;
import io.taskgovernor.api.TaskPolicySpec;

/**
 * JOSDK's cloning (a JSON round trip) with one addition: the raw document of a spec that could not
 * be read survives it. Step 2 of the lenient reading of a stored spec, explained in
 * {@link io.taskgovernor.api.TaskPolicySpec}.
 */
final class UnreadableSpecKeepingCloner implements Cloner {
    private final KubernetesSerialization serialization;

    UnreadableSpecKeepingCloner(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    @Override
    public <R extends HasMetadata> R clone(R resource) {
        R copy = serialization.clone(resource);
        // Both kinds, TaskPolicy and ClusterTaskPolicy, carry the same spec.
        if (resource instanceof CustomResource<?, ?> original && original.getSpec() instanceof TaskPolicySpec spec
                && spec.getUnreadable() != null) {
            ((TaskPolicySpec) ((CustomResource<?, ?>) copy).getSpec()).setUnreadable(spec.getUnreadable().deepCopy());
        }
        return copy;
    }
}
