package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.policy.CompiledPolicy;
import java.util.List;

/** Told of every pass a {@link ClusterPoller} completes, on the poller's thread. */
@FunctionalInterface
public interface PassListener {
    /**
     * @param cluster  the cluster looked at
     * @param governed the policies the pass ran for, in the poller's order; a failed pass has no
     *                 per-policy results, so this says whom its failure concerns
     * @param result   what the pass saw and did
     */
    void onPass(ClusterConnection cluster, List<CompiledPolicy> governed, PassResult result);
}
