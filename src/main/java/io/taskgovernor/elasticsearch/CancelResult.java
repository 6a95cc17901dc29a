package io.taskgovernor.elasticsearch;

/** What the cluster said to one cancel request. */
public record CancelResult(Status status, String reason) {
    public enum Status {
        /** Cancellation registered; the task may still run for a while. */
        ACCEPTED,
        /** No such task any more: it finished between listing and cancelling. */
        NOT_FOUND,
        /** The cluster refused, e.g. the task does not support cancellation. */
        REFUSED
    }

    public static CancelResult accepted() {
        return new CancelResult(Status.ACCEPTED, null);
    }
}
