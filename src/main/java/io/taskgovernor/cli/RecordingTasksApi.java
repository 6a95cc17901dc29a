package io.taskgovernor.cli;

import io.taskgovernor.elasticsearch.AwaitResult;
import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.TaskListingParser;
import io.taskgovernor.elasticsearch.ClusterResponseException;
import io.taskgovernor.elasticsearch.TasksApi;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The cluster's Tasks API, keeping the bytes of the last list answer ({@code run --once --save}), so
 * that the file holds exactly the answer the pass decided on.
 */
final class RecordingTasksApi implements TasksApi {
    private final ElasticsearchTasksApi cluster;
    private byte[] lastAnswer;

    RecordingTasksApi(ElasticsearchTasksApi cluster) {
        this.cluster = cluster;
    }

    @Override
    public TaskListing list(ListQuery query, String opaqueId) {
        byte[] answer = cluster.listAnswer(query, opaqueId);
        try {
            TaskListing listing = TaskListingParser.parse(answer, Instant.now());
            lastAnswer = answer;
            return listing;
        } catch (IOException e) {
            throw new ClusterResponseException("list tasks: malformed answer: " + e.getMessage(), e);
        }
    }

    /** The body of the last list answer, or null when none was read. */
    byte[] lastAnswer() {
        return lastAnswer;
    }

    @Override
    public Set<String> resolveNodes(String spec, Duration timeout, String opaqueId) {
        return cluster.resolveNodes(spec, timeout, opaqueId);
    }

    @Override
    public CancelResult cancel(String taskId, String opaqueId) {
        return cluster.cancel(taskId, opaqueId);
    }

    @Override
    public List<String> missingPrivileges(List<String> clusterPrivileges, String opaqueId) {
        return cluster.missingPrivileges(clusterPrivileges, opaqueId);
    }

    @Override
    public AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId) {
        return cluster.awaitCompletion(taskId, timeout, opaqueId);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
