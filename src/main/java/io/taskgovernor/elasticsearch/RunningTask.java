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
    /**
     * Which Elastic product sent the request ({@code kibana}, {@code fleet}, …), as the client wrote the header
     * {@code X-elastic-product-origin}; Elasticsearch keeps it in the task's headers (8.19 and 9.5, checked on real
     * nodes by {@code OriginRulesIT}).
     */
    public static final String PRODUCT_ORIGIN_HEADER = "X-elastic-product-origin";
    /** The trace id Elasticsearch derives from the request's W3C {@code traceparent} header. */
    public static final String TRACE_ID_HEADER = "trace.id";

    public RunningTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The X-Opaque-Id of the request that started the task, or null. */
    public String opaqueId() {
        return headers.get(OPAQUE_ID_HEADER);
    }

    /** The X-elastic-product-origin of the request that started the task, or null. */
    public String productOrigin() {
        return headers.get(PRODUCT_ORIGIN_HEADER);
    }

    /** The trace id of the request that started the task (from its traceparent), or null. */
    public String traceId() {
        return headers.get(TRACE_ID_HEADER);
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
