package io.taskgovernor.elasticsearch;

import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.TaskFailure;
import co.elastic.clients.elasticsearch.tasks.ListResponse;
import co.elastic.clients.elasticsearch.tasks.NodeTasks;
import co.elastic.clients.elasticsearch.tasks.TaskInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps the official client's list response (group_by=nodes) onto the governor's {@link TaskListing}.
 * Factored out of {@link ElasticsearchTasksApi} so that benchmarks and tests can run the exact path.
 */
public final class TaskListingMapper {
    private TaskListingMapper() {}

    public static TaskListing toListing(ListResponse response, Instant observedAt) {
        List<RunningTask> tasks = new ArrayList<>();
        for (Map.Entry<String, NodeTasks> node : response.nodes().entrySet()) {
            String nodeName = node.getValue().name();
            for (Map.Entry<String, TaskInfo> entry : node.getValue().tasks().entrySet()) {
                tasks.add(toRunningTask(entry.getKey(), nodeName, entry.getValue()));
            }
        }
        List<NodeFailure> failures = new ArrayList<>();
        for (ErrorCause cause : response.nodeFailures()) {
            failures.add(toNodeFailure(cause));
        }
        for (TaskFailure failure : response.taskFailures()) {
            failures.add(new NodeFailure(failure.nodeId(), failure.reason().type(), failure.reason().reason()));
        }
        return new TaskListing(observedAt, tasks, failures);
    }

    static RunningTask toRunningTask(String id, String nodeName, TaskInfo info) {
        return new RunningTask(
                id,
                info.node(),
                nodeName,
                info.action(),
                info.type(),
                info.description(),
                info.startTimeInMillis(),
                info.runningTimeInNanos(),
                info.cancellable(),
                Boolean.TRUE.equals(info.cancelled()),
                info.parentTaskId(),
                info.headers());
    }

    static NodeFailure toNodeFailure(ErrorCause cause) {
        String nodeId = null;
        var nodeIdValue = cause.metadata().get("node_id");
        if (nodeIdValue != null) {
            nodeId = nodeIdValue.to(String.class);
        }
        String reason = cause.reason();
        if (cause.causedBy() != null && cause.causedBy().reason() != null) {
            reason = (reason == null ? "" : reason + ": ") + cause.causedBy().reason();
        }
        return new NodeFailure(nodeId, cause.type(), reason, cause.causedBy() == null ? null : cause.causedBy().type());
    }
}
