package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.policy.Origin;
import io.taskgovernor.policy.DecisionDetail;
import io.taskgovernor.policy.PolicyKey;
import io.taskgovernor.policy.TaskIndices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    /** What started the task, read from its X-Opaque-Id ({@link Origin#parse}); empty when it names none. */
    public Optional<Origin> origin() {
        return Origin.parse(task.opaqueId());
    }

    /** The trace id Elasticsearch kept from the request's traceparent, or null. */
    public String traceId() {
        return task.traceId();
    }

    /** The indices the task's description names; empty when the listing was not detailed or the shape is unknown. */
    public Optional<List<String>> indices() {
        return TaskIndices.of(task.description());
    }
}
