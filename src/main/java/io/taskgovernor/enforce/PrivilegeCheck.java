package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.ClusterAccess;
import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.policy.GovernorOpaqueId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The cluster privileges the governor's user lacks of {@link ClusterAccess#REQUIRED_PRIVILEGES}
 * ({@code monitor} to list, {@code cancel_task} to cancel), asked with {@code _has_privileges} when a
 * cluster is first reached and again every {@link #RECHECK}, so that a role fixed later is seen
 * without a call on every pass. One per cluster; not thread-safe (one pass at a time).
 */
final class PrivilegeCheck {
    /** How long an answer is trusted: a role granted or taken away shows within this. */
    static final Duration RECHECK = Duration.ofMinutes(5);

    private final Clock clock;
    private Instant askedAt;
    private List<String> missing = List.of();

    PrivilegeCheck(Clock clock) {
        this.clock = clock;
    }

    /**
     * @return the privileges lacking, in the order required; empty when all are held, on a cluster
     *         without security, and while the question could not be answered (the list call that follows
     *         reports what is wrong with the cluster; the question is asked again after {@link #RECHECK})
     */
    List<String> missing(TasksApi tasks) {
        Instant now = clock.instant();
        if (askedAt == null || !now.isBefore(askedAt.plus(RECHECK))) {
            askedAt = now;
            try {
                missing = tasks.missingPrivileges(ClusterAccess.REQUIRED_PRIVILEGES, GovernorOpaqueId.CHECK);
            } catch (ClusterException e) {
                missing = List.of();
            }
        }
        return missing;
    }
}
