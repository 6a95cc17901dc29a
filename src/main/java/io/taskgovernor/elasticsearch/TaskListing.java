package io.taskgovernor.elasticsearch;

import java.time.Instant;
import java.util.List;

/**
 * The answer to one list call.
 *
 * @param observedAt when the answer arrived; running times are relative to it, which avoids
 *                   comparing the governor's clock with the nodes' clocks
 */
public record TaskListing(Instant observedAt, List<RunningTask> tasks, List<NodeFailure> nodeFailures) {
    public TaskListing {
        tasks = List.copyOf(tasks);
        nodeFailures = List.copyOf(nodeFailures);
    }
}
