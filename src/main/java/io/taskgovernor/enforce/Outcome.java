package io.taskgovernor.enforce;

/** How the handling of one violating task ended. */
public enum Outcome {
    /** Cancelled and gone within the bounded wait. */
    CANCELLED,
    /** Cancellation acknowledged; the task was still running when the governor stopped looking. */
    CANCEL_REQUESTED,
    /** The task ended between listing and cancelling (404). */
    ALREADY_FINISHED,
    /** Elasticsearch cannot cancel this task; reported only. */
    NOT_CANCELLABLE,
    /** The cancel request failed; see the reason. */
    FAILED,
    /** Dry run: it would have been cancelled. */
    DRY_RUN;

    /** Whether Elasticsearch accepted the cancellation: what status counts as a cancellation. */
    public boolean cancelled() {
        return this == CANCELLED || this == CANCEL_REQUESTED;
    }
}
