package io.taskgovernor.elasticsearch;

import co.elastic.clients.transport.endpoints.EndpointBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link TasksApi} over the official Elasticsearch Java client's transport ({@link ClusterChannel}).
 * Answers are read with streaming parsers: on 100k tasks the client's typed mapping took 2.0x a
 * bare Jackson parse, {@link TaskListingParser} 1.3x (README, "Benchmarks").
 */
public final class ElasticsearchTasksApi implements TasksApi {
    /** The fields of a listing the governor reads into {@link RunningTask} and {@link NodeFailure}. */
    private static final String LISTED_FIELDS = "nodes.*.name,nodes.*.tasks.*.node,"
            + "nodes.*.tasks.*.type,nodes.*.tasks.*.action,nodes.*.tasks.*.start_time_in_millis,"
            + "nodes.*.tasks.*.running_time_in_nanos,nodes.*.tasks.*.cancellable,nodes.*.tasks.*.cancelled,"
            + "nodes.*.tasks.*.parent_task_id,nodes.*.tasks.*.headers,node_failures,task_failures";
    private static final JsonFactory JSON = new JsonFactory();

    private final Duration requestTimeout;
    private final ClusterChannel channel;

    public ElasticsearchTasksApi(ClusterConnection connection) {
        this.requestTimeout = connection.requestTimeout();
        this.channel = new ClusterChannel(connection);
    }

    /**
     * Does the JVM-wide set-up the first client needs (TLS defaults, HttpClient's public-suffix list,
     * the JSON mapper), so that a caller can have it done on another thread before it builds one.
     * Thread-safe, idempotent; reads the JDK's trust store, sends nothing.
     */
    public static void prepare() {
        ClusterChannel.prepare();
    }

    @Override
    public TaskListing list(ListQuery query, String opaqueId) {
        return channel.send(listCall(query, opaqueId), body -> TaskListingParser.parse(body, Instant.now()));
    }

    /**
     * The same call as {@link #list}, its answer kept as the bytes Elasticsearch wrote (for
     * {@code --save}: a replay then reads what the cluster wrote, through the same parser).
     *
     * @return the body of the {@code GET _tasks} answer, JSON, unchanged
     * @throws ClusterException as {@link #list}
     */
    public byte[] listAnswer(ListQuery query, String opaqueId) {
        return channel.send(listCall(query, opaqueId), InputStream::readAllBytes);
    }

    private ClusterChannel.Call listCall(ListQuery query, String opaqueId) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!query.actions().isEmpty()) {
            parameters.put("actions", String.join(",", query.actions()));
        }
        parameters.put("detailed", String.valueOf(query.detailed()));
        parameters.put("group_by", "nodes");
        if (!query.nodes().isEmpty()) {
            parameters.put("nodes", String.join(",", query.nodes()));
        }
        if (query.timeout() != null) {
            parameters.put("timeout", query.timeout().toMillis() + "ms");
        }
        // Only what the governor reads: about 10% fewer bytes a tick on a busy node (README, "Benchmarks").
        parameters.put("filter_path", query.detailed() ? LISTED_FIELDS + ",nodes.*.tasks.*.description" : LISTED_FIELDS);
        return new ClusterChannel.Call("list tasks", "tasks.list", "GET", "/_tasks", parameters, opaqueId, requestTimeout);
    }

    /**
     * {@code GET _nodes/<spec>/_none?filter_path=nodes.*.name,_nodes.failures.node_id}: no metric,
     * so each node answers with its identity only. The explicit metric also keeps a spec that reads
     * like a metric name (a node called {@code os}) a node spec.
     */
    @Override
    public Set<String> resolveNodes(String spec, Duration timeout, String opaqueId) {
        StringBuilder path = new StringBuilder("/_nodes/");
        EndpointBase.pathEncode(spec, path);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("filter_path", "nodes.*.name,_nodes.failures.node_id");
        if (timeout != null) {
            parameters.put("timeout", timeout.toMillis() + "ms");
        }
        var call = new ClusterChannel.Call("resolve nodes " + spec, "nodes.info", "GET", path.append("/_none").toString(),
                parameters, opaqueId, requestTimeout);
        return channel.send(call, NodeInfoParser::nodeIds);
    }

    @Override
    public CancelResult cancel(String taskId, String opaqueId) {
        var call = new ClusterChannel.Call("cancel task " + taskId, "tasks.cancel", "POST", taskPath(taskId) + "/_cancel",
                Map.of("wait_for_completion", "false", "filter_path", "node_failures,task_failures"),
                opaqueId, requestTimeout);
        TaskListing answer;
        try {
            answer = channel.send(call, body -> TaskListingParser.parse(body, Instant.now()));
        } catch (ElasticsearchError e) {
            if (e.isNotFound()) {
                return new CancelResult(CancelResult.Status.NOT_FOUND, e.getMessage());
            }
            throw e;
        }
        if (answer.nodeFailures().isEmpty()) {
            return CancelResult.accepted();
        }
        return answer.nodeFailures().stream().filter(f -> !f.taskGone()).findFirst()
                .map(f -> new CancelResult(CancelResult.Status.REFUSED, f.type() + (f.reason() == null ? "" : ": " + f.reason())))
                .orElseGet(() -> new CancelResult(CancelResult.Status.NOT_FOUND, answer.nodeFailures().get(0).toString()));
    }

    @Override
    public List<String> missingPrivileges(List<String> clusterPrivileges, String opaqueId) {
        return new ClusterAccess(channel, requestTimeout).privileges(clusterPrivileges, opaqueId).missing(clusterPrivileges);
    }

    @Override
    public AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId) {
        Duration wait = timeout.compareTo(Duration.ofMillis(1)) > 0 ? timeout : Duration.ofMillis(1);
        // The HTTP read must outlast the server-side wait, or a normal "still running" looks like a dead cluster.
        var call = new ClusterChannel.Call("wait for task " + taskId, "tasks.get", "GET", taskPath(taskId),
                Map.of("wait_for_completion", "true", "timeout", wait.toMillis() + "ms", "filter_path", "completed"),
                opaqueId, wait.plus(requestTimeout));
        try {
            return channel.send(call, ElasticsearchTasksApi::completion);
        } catch (ElasticsearchError e) {
            if (e.isNotFound()) {
                return AwaitResult.COMPLETED;
            }
            if (e.isTimeout()) {
                return AwaitResult.STILL_RUNNING;
            }
            throw e;
        }
    }

    private static String taskPath(String taskId) {
        StringBuilder path = new StringBuilder("/_tasks/");
        EndpointBase.pathEncode(taskId, path);
        return path.toString();
    }

    /** {@code {"completed":true}}, the answer to a get filtered to {@code completed}. */
    private static AwaitResult completion(InputStream body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "expected an object");
            }
            boolean completed = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("completed".equals(field)) {
                    completed = value == JsonToken.VALUE_TRUE;
                } else {
                    p.skipChildren();
                }
            }
            return completed ? AwaitResult.COMPLETED : AwaitResult.STILL_RUNNING;
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
