package io.taskgovernor.reconcile;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.enforce.PassListener;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.enforce.PolicyResult;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.PolicyKey;
import java.util.List;
import java.util.function.Consumer;

/**
 * Feeds the reconciler from the pollers: each pass becomes one observation per policy in the
 * ledger, and the reconcile of each of those policies is woken to write it to status.
 */
public final class ObservationFeed implements PassListener {
    private final PassLedger ledger;
    private final Consumer<PolicyKey> onObservation;

    /** @param onObservation told the key of each policy that has a new observation in the ledger */
    public ObservationFeed(PassLedger ledger, Consumer<PolicyKey> onObservation) {
        this.ledger = ledger;
        this.onObservation = onObservation;
    }

    @Override
    public void onPass(ClusterConnection cluster, List<CompiledPolicy> governed, PassResult result) {
        if (result.succeeded()) {
            for (PolicyResult policy : result.policies()) {
                ledger.record(policy.policy().key(), new PolicyObservation(result.finishedAt(), policy.evaluation(), null,
                        result.listing().nodeFailures(), policy.decisions(), policy.warnings()));
            }
        } else {
            // A failed listing has no per-policy results; every policy the pass ran for shares the failure.
            for (CompiledPolicy policy : governed) {
                ledger.record(policy.key(), new PolicyObservation(result.finishedAt(), null, result.failure(),
                        List.of(), List.of()));
            }
        }
        governed.forEach(policy -> onObservation.accept(policy.key()));
    }
}
