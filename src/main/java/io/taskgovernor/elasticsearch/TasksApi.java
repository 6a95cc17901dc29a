package io.taskgovernor.elasticsearch;

import java.time.Duration;
import java.util.Set;

/**
 * The calls the governor makes: the three Tasks API calls, and the node resolution that rules
 * naming nodes need. Every call carries {@code opaqueId} as its X-Opaque-Id so that the
 * governor's own tasks are recognisable in any listing.
 *
 * <p>Calls throw {@link ClusterException} subclasses; none blocks longer than the connection's
 * request timeout (plus, for {@link #awaitCompletion}, the wait asked for).
 */
public interface TasksApi extends AutoCloseable {
    TaskListing list(ListQuery query, String opaqueId);

    /**
     * The ids of the nodes a node specification selects, as Elasticsearch resolves it for
     * {@code _tasks?nodes=} ({@code GET _nodes/<spec>/_none}): names, ids, addresses, {@code *}
     * patterns, {@code attr:value}, {@code role:true|false}, {@code _local}, {@code _master}, comma
     * separated and applied in order.
     *
     * @param spec    one specification, e.g. {@code "warm-*"} or {@code "data:true,master:false"}
     * @param timeout how long each selected node may take to answer; a node that does not is still
     *                selected (Elasticsearch resolved the spec before asking it)
     * @return node ids, empty when the specification selects no node
     */
    Set<String> resolveNodes(String spec, Duration timeout, String opaqueId);

    /** Asks the cluster to cancel one task and returns at once; never waits for the task to end. */
    CancelResult cancel(String taskId, String opaqueId);

    /** Waits at most {@code timeout} for the task to finish. */
    AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId);

    @Override
    void close();
}
