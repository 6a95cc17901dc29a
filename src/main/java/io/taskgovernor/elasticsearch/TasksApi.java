package io.taskgovernor.elasticsearch;

import java.time.Duration;

/**
 * The three Tasks API calls the governor makes. Every call carries {@code opaqueId} as its
 * X-Opaque-Id so that the governor's own tasks are recognisable in any listing.
 *
 * <p>Calls throw {@link ClusterException} subclasses; none blocks longer than the connection's
 * request timeout (plus, for {@link #awaitCompletion}, the wait asked for).
 */
public interface TasksApi extends AutoCloseable {
    TaskListing list(ListQuery query, String opaqueId);

    /** Asks the cluster to cancel one task and returns at once; never waits for the task to end. */
    CancelResult cancel(String taskId, String opaqueId);

    /** Waits at most {@code timeout} for the task to finish. */
    AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId);

    @Override
    void close();
}
