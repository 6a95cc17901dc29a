package io.taskgovernor.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.TaskFailure;
import co.elastic.clients.elasticsearch.tasks.CancelResponse;
import co.elastic.clients.elasticsearch.tasks.GetTasksResponse;
import co.elastic.clients.elasticsearch.tasks.GroupBy;
import co.elastic.clients.elasticsearch.tasks.ListResponse;
import co.elastic.clients.elasticsearch.tasks.NodeTasks;
import co.elastic.clients.elasticsearch.tasks.TaskInfo;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestClient;

/** {@link TasksApi} over the official Elasticsearch Java client. */
public final class ElasticsearchTasksApi implements TasksApi {
    private final ClusterConnection connection;
    private final RestClient restClient;
    private final ElasticsearchClient client;
    private final int requestTimeoutMillis;

    public ElasticsearchTasksApi(ClusterConnection connection) {
        this.connection = connection;
        this.requestTimeoutMillis = Math.toIntExact(connection.requestTimeout().toMillis());
        this.restClient = buildRestClient(connection, requestTimeoutMillis);
        this.client = new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
    }

    private static RestClient buildRestClient(ClusterConnection connection, int timeoutMillis) {
        var builder = RestClient.builder(HttpHost.create(connection.url().toString()))
                .setRequestConfigCallback(config -> config
                        .setConnectTimeout(timeoutMillis)
                        .setConnectionRequestTimeout(timeoutMillis)
                        .setSocketTimeout(timeoutMillis));
        String path = connection.url().getPath();
        if (path != null && !path.isEmpty() && !"/".equals(path)) {
            builder.setPathPrefix(path);
        }
        String authorization = connection.credentials().authorizationHeader();
        if (authorization != null) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", authorization)});
        }
        if (connection.caPem() != null) {
            var sslContext = TrustedCertificates.sslContextTrusting(connection.caPem());
            builder.setHttpClientConfigCallback(http -> http.setSSLContext(sslContext));
        }
        return builder.build();
    }

    @Override
    public TaskListing list(ListQuery query, String opaqueId) {
        ListResponse response = call("list tasks", () -> client.withTransportOptions(options(opaqueId, 0))
                .tasks()
                .list(request -> {
                    request.groupBy(GroupBy.Nodes).detailed(query.detailed());
                    if (!query.actions().isEmpty()) {
                        request.actions(query.actions());
                    }
                    if (!query.nodes().isEmpty()) {
                        request.nodes(query.nodes());
                    }
                    if (query.timeout() != null) {
                        request.timeout(t -> t.time(query.timeout().toMillis() + "ms"));
                    }
                    return request;
                }));
        Instant observedAt = Instant.now();
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

    private static RunningTask toRunningTask(String id, String nodeName, TaskInfo info) {
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

    private static NodeFailure toNodeFailure(ErrorCause cause) {
        String nodeId = null;
        var nodeIdValue = cause.metadata().get("node_id");
        if (nodeIdValue != null) {
            nodeId = nodeIdValue.to(String.class);
        }
        String reason = cause.reason();
        if (cause.causedBy() != null && cause.causedBy().reason() != null) {
            reason = (reason == null ? "" : reason + ": ") + cause.causedBy().reason();
        }
        return new NodeFailure(nodeId, cause.type(), reason);
    }

    @Override
    public CancelResult cancel(String taskId, String opaqueId) {
        CancelResponse response;
        try {
            response = call("cancel task " + taskId, () -> client.withTransportOptions(options(opaqueId, 0))
                    .tasks()
                    .cancel(request -> request.taskId(taskId).waitForCompletion(false)));
        } catch (NotFound e) {
            return new CancelResult(CancelResult.Status.NOT_FOUND, e.getMessage());
        }
        if (!response.taskFailures().isEmpty()) {
            ErrorCause reason = response.taskFailures().get(0).reason();
            return new CancelResult(CancelResult.Status.REFUSED, describe(reason));
        }
        if (!response.nodeFailures().isEmpty()) {
            ErrorCause cause = response.nodeFailures().get(0);
            if (mentionsNotFound(cause)) {
                return new CancelResult(CancelResult.Status.NOT_FOUND, describe(cause));
            }
            return new CancelResult(CancelResult.Status.REFUSED, describe(cause));
        }
        return CancelResult.accepted();
    }

    @Override
    public AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId) {
        // The HTTP read must outlast the server-side wait, or a normal "still running" looks like a dead cluster.
        int socketTimeout = Math.toIntExact(Math.min(Integer.MAX_VALUE, timeout.toMillis() + requestTimeoutMillis));
        try {
            GetTasksResponse response = call("wait for task " + taskId,
                    () -> client.withTransportOptions(options(opaqueId, socketTimeout))
                            .tasks()
                            .get(request -> request.taskId(taskId)
                                    .waitForCompletion(true)
                                    .timeout(t -> t.time(Math.max(1, timeout.toMillis()) + "ms"))));
            return response.completed() ? AwaitResult.COMPLETED : AwaitResult.STILL_RUNNING;
        } catch (NotFound e) {
            return AwaitResult.COMPLETED;
        } catch (WaitTimedOut e) {
            return AwaitResult.STILL_RUNNING;
        }
    }

    private RestClientOptions options(String opaqueId, int socketTimeoutMillis) {
        RequestOptions.Builder builder = RequestOptions.DEFAULT.toBuilder();
        builder.addHeader(RunningTask.OPAQUE_ID_HEADER, opaqueId);
        if (socketTimeoutMillis > 0) {
            builder.setRequestConfig(RequestConfig.custom()
                    .setConnectTimeout(requestTimeoutMillis)
                    .setConnectionRequestTimeout(requestTimeoutMillis)
                    .setSocketTimeout(socketTimeoutMillis)
                    .build());
        }
        return new RestClientOptions(builder.build(), false);
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    /** Maps every way a call can fail onto the governor's typed exceptions. */
    private <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (ElasticsearchException e) {
            throw translate(what, e.status(), describe(e.error()), e);
        } catch (TransportException e) {
            if (e.statusCode() > 0) {
                throw translate(what, e.statusCode(), e.getMessage(), e);
            }
            throw unavailable(what, e);
        } catch (IOException e) {
            throw unavailable(what, e);
        } catch (jakarta.json.JsonException e) {
            throw new ClusterResponseException(what + " on " + connection.url() + ": malformed answer: " + e.getMessage(), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the client reports some unusable answers (e.g. a missing product header) this way
            throw new ClusterResponseException(what + " on " + connection.url() + ": unusable answer: " + e.getMessage(), e);
        }
    }

    private RuntimeException translate(String what, int status, String detail, Exception cause) {
        String message = what + " on " + connection.url() + ": HTTP " + status + (detail == null ? "" : " " + detail);
        if (status == 404) {
            return new NotFound(message);
        }
        if (status == 408) {
            return new WaitTimedOut(message);
        }
        if (status == 401 || status == 403) {
            return new ClusterUnauthorizedException(status, message, cause);
        }
        if (status >= 500 || status == 429) {
            return new ClusterUnavailableException(message, cause);
        }
        return new ClusterResponseException(message, cause);
    }

    private ClusterUnavailableException unavailable(String what, IOException e) {
        String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new ClusterUnavailableException(what + " on " + connection.url() + ": " + reason, e);
    }

    private static String describe(ErrorCause cause) {
        if (cause == null) {
            return null;
        }
        return cause.type() + (cause.reason() == null ? "" : ": " + cause.reason());
    }

    private static boolean mentionsNotFound(ErrorCause cause) {
        String text = describe(cause);
        return text != null && (text.contains("resource_not_found") || text.contains("not found"));
    }

    @Override
    public void close() {
        try {
            restClient.close();
        } catch (IOException ignored) {
            // closing a client releases connections; nothing useful to do if it fails
        }
    }

    /** A 404, which for cancel and wait means the task is gone. */
    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** The server-side wait ran out (HTTP 408): the task is still running. */
    private static final class WaitTimedOut extends RuntimeException {
        WaitTimedOut(String message) {
            super(message, null, false, false);
        }
    }
}
