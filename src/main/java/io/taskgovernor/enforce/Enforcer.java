package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.AwaitResult;
import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.elasticsearch.ElasticsearchError;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.policy.GovernorOpaqueId;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.DecisionDetail;
import io.taskgovernor.policy.Evaluation;
import io.taskgovernor.policy.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Acts on an evaluation: cancels (or, on dry run, only reports) the chosen tasks and optionally
 * waits for them. Which tasks, and which policy acts on a task several choose, is decided before
 * (see {@code TaskDecider}); this only executes. Cancel requests never wait server-side; the only
 * wait is the bounded one here, one window shared by all tasks and policies of the pass, so that
 * one task ignoring its cancellation cannot stall the pass.
 */
public final class Enforcer {
    /** The least a task cancelled late in a pass is still looked at, so its outcome is known. */
    private static final Duration LAST_LOOK = Duration.ofMillis(1);

    private final Clock clock;

    public Enforcer(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param waits the pass's wait window, shared by every policy of the pass so that their waits
     *              together stay within the largest waitTimeout
     */
    List<Decision> enforce(Evaluation evaluation, TasksApi tasks, WaitWindow waits) {
        CompiledPolicy policy = evaluation.policy();
        List<Decision> decisions = new ArrayList<>();
        for (Violation violation : evaluation.notCancellable()) {
            decisions.add(decide(policy, violation, Outcome.NOT_CANCELLABLE, "the task does not support cancellation"));
        }
        List<Violation> toCancel = evaluation.toCancel();
        if (policy.dryRun()) {
            for (Violation violation : toCancel) {
                decisions.add(decide(policy, violation, Outcome.DRY_RUN, null));
            }
            return decisions;
        }

        String opaqueId = GovernorOpaqueId.of(policy.key());
        List<Violation> accepted = new ArrayList<>();
        String clusterTrouble = null;
        CancelRefusal refusal = null;
        for (Violation violation : toCancel) {
            if (clusterTrouble != null) {
                decisions.add(decide(policy, violation, Outcome.FAILED, "not sent: " + clusterTrouble, refusal));
                continue;
            }
            try {
                CancelResult result = tasks.cancel(violation.task().id(), opaqueId);
                switch (result.status()) {
                    case ACCEPTED -> accepted.add(violation);
                    case NOT_FOUND -> decisions.add(decide(policy, violation, Outcome.ALREADY_FINISHED, null));
                    case REFUSED -> decisions.add(decide(policy, violation, Outcome.FAILED, result.reason()));
                }
            } catch (ClusterException e) {
                if (!e.isUnavailable() && !e.isUnauthorized()) {
                    decisions.add(decide(policy, violation, Outcome.FAILED, e.getMessage()));
                    continue;
                }
                // Every further request would fail the same way and each would cost a full timeout.
                clusterTrouble = e.getMessage();
                if (e.isUnauthorized() && e instanceof ElasticsearchError error) {
                    refusal = new CancelRefusal(error.status(), e.getMessage());
                }
                decisions.add(decide(policy, violation, Outcome.FAILED, e.getMessage(), refusal));
            }
        }

        if (!policy.cancellation().waitForCompletion()) {
            accepted.forEach(v -> decisions.add(decide(policy, v, Outcome.CANCEL_REQUESTED, null)));
            return decisions;
        }
        Instant waitDeadline = waits.deadlineFor(policy.cancellation().waitTimeout());
        boolean clusterAnswering = clusterTrouble == null;
        for (Violation violation : accepted) {
            if (!clusterAnswering) {
                decisions.add(decide(policy, violation, Outcome.CANCEL_REQUESTED, null));
                continue;
            }
            Duration remaining = Duration.between(clock.instant(), waitDeadline);
            Duration wait = remaining.compareTo(LAST_LOOK) > 0 ? remaining : LAST_LOOK;
            try {
                AwaitResult result = tasks.awaitCompletion(violation.task().id(), wait, opaqueId);
                Outcome outcome = result == AwaitResult.COMPLETED ? Outcome.CANCELLED : Outcome.CANCEL_REQUESTED;
                decisions.add(decide(policy, violation, outcome, null));
            } catch (ClusterException e) {
                clusterAnswering = !e.isUnavailable();
                decisions.add(decide(policy, violation, Outcome.CANCEL_REQUESTED, "could not confirm: " + e.getMessage()));
            }
        }
        return decisions;
    }

    private Decision decide(CompiledPolicy policy, Violation violation, Outcome outcome, String reason) {
        return decide(policy, violation, outcome, reason, null);
    }

    private Decision decide(CompiledPolicy policy, Violation violation, Outcome outcome, String reason,
                            CancelRefusal refusal) {
        return new Decision(
                policy.key(),
                violation.rule().name(),
                violation.task(),
                violation.rule().maxRuntime(),
                violation.overshoot(),
                outcome,
                reason,
                clock.instant(),
                refusal,
                DecisionDetail.of(violation.rule(), violation.task(), policy.audit()));
    }
}
