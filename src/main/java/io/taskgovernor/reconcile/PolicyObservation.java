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
 * @param warnings   what the pass found wrong with the policy without failing (e.g. a rule whose
 *                   nodes select no node)
 * @param missingPrivileges the cluster privileges the governor's user lacks, as last asked
 *                   ({@code _has_privileges}); empty when all are held or not known
 */
public record PolicyObservation(
        Instant time,
        Evaluation evaluation,
        ClusterException failure,
        List<NodeFailure> nodeFailures,
        List<Decision> decisions,
        List<String> warnings,
        List<String> missingPrivileges) {

    public PolicyObservation {
        nodeFailures = List.copyOf(nodeFailures);
        decisions = List.copyOf(decisions);
        warnings = List.copyOf(warnings);
        missingPrivileges = missingPrivileges == null ? List.of() : List.copyOf(missingPrivileges);
    }
}
