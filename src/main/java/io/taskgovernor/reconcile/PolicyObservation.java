package io.taskgovernor.reconcile;

import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.elasticsearch.NodeFailure;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.policy.Evaluation;
import java.time.Instant;
import java.util.List;

/**
 * What the latest pass over its cluster meant for one policy.
 *
 * @param evaluation null when the cluster could not be listed
 * @param failure    why the cluster could not be listed, else null
 */
public record PolicyObservation(
        Instant time,
        Evaluation evaluation,
        ClusterException failure,
        List<NodeFailure> nodeFailures,
        List<Decision> decisions) {

    public PolicyObservation {
        nodeFailures = List.copyOf(nodeFailures);
        decisions = List.copyOf(decisions);
    }
}
