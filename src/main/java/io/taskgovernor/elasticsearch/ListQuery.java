package io.taskgovernor.elasticsearch;

import java.time.Duration;
import java.util.List;

/**
 * The parameters of one list call.
 *
 * @param actions  server-side action filter (wildcards); empty lists every action
 * @param nodes    server-side node filter; empty lists every node
 * @param detailed ask for descriptions (costlier for the cluster)
 * @param timeout  how long each node may take to answer; late nodes become node failures
 */
public record ListQuery(List<String> actions, List<String> nodes, boolean detailed, Duration timeout) {
    public ListQuery {
        actions = List.copyOf(actions);
        nodes = List.copyOf(nodes);
    }
}
