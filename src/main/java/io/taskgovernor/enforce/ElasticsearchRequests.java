package io.taskgovernor.enforce;

/**
 * The requests one pass sent to its cluster, counted as they were sent (a request that failed
 * counts: the cluster may have done the work).
 *
 * @param list   list calls ({@code GET _tasks}): a fan-out to every node, or to the listed ones; 0 or 1
 * @param nodes  node resolutions ({@code GET _nodes/<spec>/_none}), also a fan-out
 * @param cancel cancel calls ({@code POST _tasks/<id>/_cancel}), each answered by the task's node
 * @param await  bounded waits ({@code GET _tasks/<id>?wait_for_completion=true})
 */
public record ElasticsearchRequests(int list, int nodes, int cancel, int await) {
    public static final ElasticsearchRequests NONE = new ElasticsearchRequests(0, 0, 0, 0);
}
