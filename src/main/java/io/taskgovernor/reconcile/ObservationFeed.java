package io.taskgovernor.reconcile;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.enforce.PassListener;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.enforce.PolicyResult;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.Evaluation;
import io.taskgovernor.policy.PolicyKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Feeds the reconciler from the pollers: each pass becomes one observation per policy in the
 * ledger, and the reconcile of a policy is woken only when the pass brings news for it: decisions, a
 * failure or its end, other counts or warnings than at the last wake, or a last wake
 * {@link StatusChange#REFRESH} ago (so that {@code lastEvaluationTime} moves on). A pass with nothing
 * new wakes nobody: most passes over a quiet cluster cost the API server nothing.
 */
public final class ObservationFeed implements PassListener {
    private final PassLedger ledger;
    private final Consumer<PolicyKey> onObservation;
    /** Per policy key, the observation of the pass that last woke its reconcile. */
    private final Map<PolicyKey, PolicyObservation> lastWoken = new ConcurrentHashMap<>();

    /** @param onObservation told the key of each policy whose reconcile has news in the ledger */
    public ObservationFeed(PassLedger ledger, Consumer<PolicyKey> onObservation) {
        this.ledger = ledger;
        this.onObservation = onObservation;
    }

    @Override
    public void onPass(ClusterConnection cluster, List<CompiledPolicy> governed, PassResult result) {
        if (result.succeeded()) {
            for (PolicyResult policy : result.policies()) {
                observed(policy.policy().key(), new PolicyObservation(result.finishedAt(), policy.evaluation(), null,
                        result.listing().nodeFailures(), policy.decisions(), policy.warnings(), result.missingPrivileges()));
            }
        } else {
            // A failed listing has no per-policy results; every policy the pass ran for shares the failure.
            for (CompiledPolicy policy : governed) {
                observed(policy.key(), new PolicyObservation(result.finishedAt(), null, result.failure(),
                        List.of(), List.of(), List.of(), null));
            }
        }
    }

    /** The policy is gone: its next observation, if it comes back, is news. */
    public void forget(PolicyKey policyKey) {
        lastWoken.remove(policyKey);
    }

    private void observed(PolicyKey key, PolicyObservation observation) {
        ledger.record(key, observation);
        PolicyObservation before = lastWoken.get(key);
        if (before == null || isNews(before, observation)) {
            lastWoken.put(key, observation);
            onObservation.accept(key);
        }
    }

    static boolean isNews(PolicyObservation before, PolicyObservation now) {
        return !now.decisions().isEmpty()
                || !sameFailure(before.failure(), now.failure())
                || !sameCounts(before.evaluation(), now.evaluation())
                || !before.nodeFailures().equals(now.nodeFailures())
                || !before.warnings().equals(now.warnings())
                || !before.missingPrivileges().equals(now.missingPrivileges())
                || !now.time().isBefore(before.time().plus(StatusChange.REFRESH));
    }

    private static boolean sameFailure(ClusterException a, ClusterException b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.getClass() == b.getClass() && Objects.equals(a.getMessage(), b.getMessage());
    }

    /** What status shows of an evaluation: the governed, violating and lingering counts. */
    private static boolean sameCounts(Evaluation a, Evaluation b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.governed() == b.governed() && a.violations() == b.violations()
                && a.lingering().size() == b.lingering().size();
    }
}
