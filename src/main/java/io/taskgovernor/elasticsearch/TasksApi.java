package io.taskgovernor.elasticsearch;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The calls the governor makes: the three Tasks API calls, and the node resolution that rules
 * naming nodes need. Every call carries {@code opaqueId} as its X-Opaque-Id so that the
 * governor's own tasks are recognisable in any listing.
 *
 * <p>Every call throws a {@link ClusterException}: {@link ElasticsearchError} when Elasticsearch
 * answers with an error status (ask {@link ClusterException#isUnauthorized()} for 401/403,
 * {@link ClusterException#isUnavailable()} for 429/5xx), {@link ClusterUnavailableException} when no
 * answer comes in time, {@link ClusterResponseException} for an answer that is not Elasticsearch's
 * (no {@code X-Elastic-Product} header) or does not parse. None blocks longer than the connection's
 * request timeout (plus, for {@link #awaitCompletion}, the wait asked for).
 */
public interface TasksApi extends AutoCloseable {
    /**
     * The running tasks: {@code GET _tasks?group_by=nodes} with the query's filters.
     *
     * @return the tasks of every node that answered (running times in nanoseconds, relative to
     *         {@link TaskListing#observedAt()}), and the nodes that did not answer in time and the tasks
     *         that could not be listed, as {@link TaskListing#nodeFailures()} (from the body's
     *         {@code node_failures} and {@code task_failures})
     * @throws ClusterException as above; a 404 means the URL is not an Elasticsearch cluster's
     */
    TaskListing list(ListQuery query, String opaqueId);

    /**
     * The ids of the nodes a node specification selects, as Elasticsearch resolves it for
     * {@code _tasks?nodes=} ({@code GET _nodes/<spec>/_none}): names, ids, addresses, {@code *}
     * patterns, {@code attr:value}, {@code role:true|false}, {@code _local}, {@code _master}, comma
     * separated and applied in order.
     *
     * @param spec    one specification, e.g. {@code "warm-*"} or {@code "data:true,master:false"}
     * @param timeout how long each selected node may take to answer, or null for Elasticsearch's
     *                default; a node that does not answer is still selected (Elasticsearch resolved the
     *                spec before asking it, and names it in {@code _nodes.failures})
     * @return node ids, empty when the specification selects no node
     * @throws ElasticsearchError 400 for a specification Elasticsearch refuses (e.g. {@code data:maybe});
     *                            otherwise as above
     */
    Set<String> resolveNodes(String spec, Duration timeout, String opaqueId);

    /**
     * Asks the cluster to cancel one task ({@code POST _tasks/<id>/_cancel?wait_for_completion=false})
     * and returns at once; never waits for the task to end.
     *
     * @param taskId {@code "<node id>:<number>"}, as listed
     * @return {@link CancelResult.Status#ACCEPTED} (the task is flagged cancelled and may run on for a
     *         while), {@link CancelResult.Status#NOT_FOUND} (the task ended, or its node left: HTTP 404,
     *         or 200 with a {@code node_failures} entry caused by {@code resource_not_found_exception}
     *         or {@code no_such_node_exception}), or {@link CancelResult.Status#REFUSED} with
     *         Elasticsearch's reason (any other {@code task_failures} or {@code node_failures} entry)
     * @throws ClusterException as above; a user without the {@code cancel_task} privilege gets an
     *                          {@link ElasticsearchError} 403 {@code security_exception}
     */
    CancelResult cancel(String taskId, String opaqueId);

    /**
     * Waits, bounded, for one task to finish:
     * {@code GET _tasks/<id>?wait_for_completion=true&timeout=<timeout>}.
     *
     * @param timeout how long Elasticsearch may wait, at least 1 ms; the HTTP read waits that long plus
     *                the connection's request timeout
     * @return {@link AwaitResult#COMPLETED} when the task ended within the wait or is unknown (HTTP
     *         404: it ended and left no result), {@link AwaitResult#STILL_RUNNING} when the wait
     *         expired (Elasticsearch answers HTTP 500 {@code timeout_exception})
     * @throws ClusterException as above
     */
    AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId);

    /**
     * Which of these cluster privileges the credentials' user lacks, in the order asked:
     * {@code POST _security/user/_has_privileges} (any authenticated user may ask about itself). Empty when
     * all are held, and on a cluster without security (it answers 400 "no handler found").
     *
     * @param clusterPrivileges e.g. {@code [monitor, cancel_task]}
     * @throws ClusterException as for {@link #list}; 401 for credentials the cluster does not take
     */
    List<String> missingPrivileges(List<String> clusterPrivileges, String opaqueId);

    @Override
    void close();
}
