package io.taskgovernor.enforce;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster refused a cancel request on authorization (HTTP 401 or 403): the governor can list
 * tasks but not cancel them, so nothing a policy chooses is enforced until the user gets the right.
 * Elasticsearch 8.19 answers a user without the privilege with 403 {@code security_exception}
 * "action [cluster:admin/tasks/cancel] is unauthorized for user [u] with effective roles [r], this
 * action is granted by the cluster privileges [cancel_task,manage,all]".
 *
 * @param httpStatus 403 (the user lacks the privilege) or 401 (the credentials stopped being accepted)
 * @param detail     what the failed request said: the call, the cluster URL and Elasticsearch's answer;
 *                   never credentials
 */
public record CancelRefusal(int httpStatus, String detail) {
    /** The cluster privilege that allows cancelling tasks; {@code monitor} allows listing them. */
    public static final String PRIVILEGE = "cancel_task";

    public CancelRefusal {
        Objects.requireNonNull(detail, "detail");
    }

    /** The first refusal among some decisions, if a cancel was refused. */
    public static Optional<CancelRefusal> in(Collection<Decision> decisions) {
        return decisions.stream().map(Decision::refusal).filter(Objects::nonNull).findFirst();
    }

    /**
     * Whether one of the decisions proves the cluster lets the governor cancel: a cancel request got
     * past authorization (accepted, or answered "no such task").
     */
    public static boolean anyCancelAuthorized(Collection<Decision> decisions) {
        return decisions.stream().anyMatch(d -> d.outcome().cancelled() || d.outcome() == Outcome.ALREADY_FINISHED);
    }

    /** One sentence for a person: what is wrong, what to grant, and what Elasticsearch said. */
    public String explanation() {
        String what = httpStatus == 401
                ? "Elasticsearch no longer accepts the credentials for cancelling tasks (HTTP 401)"
                : "Elasticsearch refuses to let this user cancel tasks (HTTP " + httpStatus + "): it lacks the cluster "
                        + "privilege " + PRIVILEGE + " (grant a role with cluster privileges monitor and " + PRIVILEGE + ")";
        return what + "; violators are not being cancelled. " + detail;
    }
}
