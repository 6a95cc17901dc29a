package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.AwaitResult;
import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.ForwardingTasksApi;
import io.taskgovernor.elasticsearch.TasksApi;
import java.time.Duration;
import java.util.Set;

/**
 * Counts the requests passes send through a cluster's client, pass by pass ({@link #take()}). One
 * per client, kept as long as the client (the node cache knows a cluster by its client); used on
 * the poller's thread only. It does not own the client: {@link #close()} leaves it open.
 */
final class RequestTally extends ForwardingTasksApi {
    private int list;
    private int nodes;
    private int cancel;
    private int await;

    RequestTally(TasksApi client) {
        super(client);
    }

    TasksApi client() {
        return delegate();
    }

    /** The requests counted since the last take. */
    ElasticsearchRequests take() {
        ElasticsearchRequests counts = new ElasticsearchRequests(list, nodes, cancel, await);
        list = 0;
        nodes = 0;
        cancel = 0;
        await = 0;
        return counts;
    }

    @Override
    public TaskListing list(ListQuery query, String opaqueId) {
        list++;
        return super.list(query, opaqueId);
    }

    @Override
    public Set<String> resolveNodes(String spec, Duration timeout, String opaqueId) {
        nodes++;
        return super.resolveNodes(spec, timeout, opaqueId);
    }

    @Override
    public CancelResult cancel(String taskId, String opaqueId) {
        cancel++;
        return super.cancel(taskId, opaqueId);
    }

    @Override
    public AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId) {
        await++;
        return super.awaitCompletion(taskId, timeout, opaqueId);
    }

    /** The client belongs to the poller, which closes it. */
    @Override
    public void close() {
    }
}
