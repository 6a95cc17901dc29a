package io.taskgovernor.elasticsearch;

import java.util.Map;
import java.util.Objects;

/**
 * One task as the Tasks API listed it.
 *
 * @param id            "nodeId:number", the form the cancel and get calls take
 * @param nodeId        id of the node running it
 * @param nodeName      name of that node, or null when the listing did not say
 * @param parentTaskId  set on child tasks (e.g. shard-level search tasks), else null
 * @param type          "transport", "direct", "persistent", ...
 * @param description   only present in a detailed listing, else null
 * @param headers       request headers Elasticsearch kept, X-Opaque-Id among them
 */
public record RunningTask(
        String id,
        String nodeId,
        String nodeName,
        String action,
        String type,
        String description,
        long startTimeMillis,
        long runningTimeNanos,
        boolean cancellable,
        boolean cancelled,
        String parentTaskId,
        Map<String, String> headers) {

    public static final String OPAQUE_ID_HEADER = "X-Opaque-Id";

    public RunningTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The X-Opaque-Id of the request that started the task, or null. */
    public String opaqueId() {
        return headers.get(OPAQUE_ID_HEADER);
    }

    /** Where it runs, as people read it: the node's name, else (when the listing did not say) its id. */
    public String nodeLabel() {
        return nodeName != null ? nodeName : nodeId;
    }

    public boolean isChild() {
        return parentTaskId != null && !parentTaskId.isEmpty();
    }

    public boolean isPersistent() {
        return "persistent".equals(type);
    }

    public long runningTimeMillis() {
        return runningTimeNanos / 1_000_000L;
    }
}
