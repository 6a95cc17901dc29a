package io.taskgovernor.cli;

import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.elasticsearch.ForwardingTasksApi;
import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.TaskListingParser;
import io.taskgovernor.elasticsearch.ClusterResponseException;
import java.io.IOException;
import java.time.Instant;

/**
 * The cluster's Tasks API, keeping the bytes of the last list answer ({@code run --once --save}), so
 * that the file holds exactly the answer the pass decided on.
 */
final class RecordingTasksApi extends ForwardingTasksApi {
    private final ElasticsearchTasksApi cluster;
    private byte[] lastAnswer;

    RecordingTasksApi(ElasticsearchTasksApi cluster) {
        super(cluster);
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
}
