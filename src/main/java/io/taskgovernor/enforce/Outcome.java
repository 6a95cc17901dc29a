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

    /**
     * Whether a cancel request reached Elasticsearch and was answered (accepted, or "no such task"):
     * the decisions whose overshoot says how late the governor acted. A {@link #FAILED} one may not
     * have been sent at all ("not sent: ...").
     */
    public boolean cancelSent() {
        return cancelled() || this == ALREADY_FINISHED;
    }

    /**
     * Whether nothing was sent: the task stays as it was, so every later pass that still lists it
     * decides the same again. Such a decision is reported once ({@code DecisionMemory}); every other
     * outcome is an act of its own (a cancel sent, or one that failed and is retried next pass).
     */
    public boolean nothingSent() {
        return this == NOT_CANCELLABLE || this == DRY_RUN;
    }
}
