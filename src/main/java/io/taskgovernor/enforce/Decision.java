package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.policy.DecisionDetail;
import io.taskgovernor.policy.PolicyKey;
import java.time.Duration;
import java.time.Instant;

/**
 * What was done about one violating task.
 *
 * @param policy    which policy decided
 * @param overshoot how far past maxRuntime the task was when listed
 * @param reason    why it failed or was not sent, else null
 * @param refusal   set when the cancel failed, or was not sent, because the cluster refused the
 *                  governor the right to cancel (401/403); else null
 * @param detail    why the rule matched, the trace id, the description snapshot
 */
public record Decision(
        PolicyKey policy,
        String rule,
        RunningTask task,
        Duration maxRuntime,
        Duration overshoot,
        Outcome outcome,
        String reason,
        Instant decidedAt,
        CancelRefusal refusal,
        DecisionDetail detail) {

    public Decision {
        detail = detail == null ? DecisionDetail.NONE : detail;
    }

    /** A decision without detail ({@link DecisionDetail#NONE}). */
    public Decision(PolicyKey policy, String rule, RunningTask task, Duration maxRuntime, Duration overshoot,
                    Outcome outcome, String reason, Instant decidedAt, CancelRefusal refusal) {
        this(policy, rule, task, maxRuntime, overshoot, outcome, reason, decidedAt, refusal, DecisionDetail.NONE);
    }
}
