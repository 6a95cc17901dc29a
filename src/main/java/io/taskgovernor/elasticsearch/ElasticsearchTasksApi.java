package io.taskgovernor.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.tasks.CancelResponse;
import co.elastic.clients.elasticsearch.tasks.GetTasksResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/** {@link TasksApi} over the official Elasticsearch Java client. */
public final class ElasticsearchTasksApi implements TasksApi {
    private static final String LISTED_FIELDS = "nodes.*.name,nodes.*.tasks.*.node,nodes.*.tasks.*.id,"
            + "nodes.*.tasks.*.type,nodes.*.tasks.*.action,nodes.*.tasks.*.start_time_in_millis,"
            + "nodes.*.tasks.*.running_time_in_nanos,nodes.*.tasks.*.cancellable,nodes.*.tasks.*.cancelled,"
            + "nodes.*.tasks.*.parent_task_id,nodes.*.tasks.*.headers,node_failures,task_failures";

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

    /**
     * One list call through the low-level client, read by {@link TaskListingParser} straight into
     * the listing: on 100k tasks the official client's typed mapping took 2.0x a bare Jackson parse,
     * this parser 1.3x (README, "Benchmarks"). Same query parameters, headers and failure mapping.
     */
    @Override
    public TaskListing list(ListQuery query, String opaqueId) {
        try {
            return listing(query, opaqueId);
        } catch (NotFound e) {
            throw new ClusterResponseException(e.getMessage() + " (is the URL that of an Elasticsearch cluster?)", null);
        }
    }

    private TaskListing listing(ListQuery query, String opaqueId) {
        Request request = new Request("GET", "/_tasks");
        if (!query.actions().isEmpty()) {
            request.addParameter("actions", String.join(",", query.actions()));
        }
        request.addParameter("detailed", String.valueOf(query.detailed()));
        request.addParameter("group_by", "nodes");
        if (!query.nodes().isEmpty()) {
            request.addParameter("nodes", String.join(",", query.nodes()));
        }
        if (query.timeout() != null) {
            request.addParameter("timeout", query.timeout().toMillis() + "ms");
        }
        // Only what the governor reads: about 10% fewer bytes a tick on a busy node (README, "Benchmarks").
        request.addParameter("filter_path", query.detailed() ? LISTED_FIELDS + ",nodes.*.tasks.*.description" : LISTED_FIELDS);
        request.setOptions(RequestOptions.DEFAULT.toBuilder().addHeader(RunningTask.OPAQUE_ID_HEADER, opaqueId));
        return call("list tasks", () -> {
            Response response = restClient.performRequest(request);
            Instant observedAt = Instant.now();
            try (InputStream body = elasticsearchBody(response)) {
                return TaskListingParser.parse(body, observedAt);
            } catch (JsonProcessingException e) {
                throw new ClusterResponseException("list tasks on " + connection.url() + ": malformed answer: "
                        + e.getOriginalMessage(), e);
            }
        });
    }

    /**
     * {@code GET _nodes/<spec>/_none?filter_path=nodes.*.name,_nodes.failures.node_id}: no metric,
     * so each node answers with its identity only. The explicit metric also keeps a spec that reads
     * like a metric name (a node called {@code os}) a node spec.
     */
    @Override
    public Set<String> resolveNodes(String spec, Duration timeout, String opaqueId) {
        StringBuilder path = new StringBuilder("/_nodes/");
        String[] parts = spec.split(",");
        for (int i = 0; i < parts.length; i++) {
            path.append(i == 0 ? "" : ",").append(URLEncoder.encode(parts[i], StandardCharsets.UTF_8));
        }
        Request request = new Request("GET", path.append("/_none").toString());
        request.addParameter("filter_path", "nodes.*.name,_nodes.failures.node_id");
        if (timeout != null) {
            request.addParameter("timeout", timeout.toMillis() + "ms");
        }
        request.setOptions(RequestOptions.DEFAULT.toBuilder().addHeader(RunningTask.OPAQUE_ID_HEADER, opaqueId));
        try {
            return call("resolve nodes " + spec, () -> {
                Response response = restClient.performRequest(request);
                try (InputStream body = elasticsearchBody(response)) {
                    return NodeInfoParser.nodeIds(body);
                } catch (JsonProcessingException e) {
                    throw new ClusterResponseException("resolve nodes " + spec + " on " + connection.url()
                            + ": malformed answer: " + e.getOriginalMessage(), e);
                }
            });
        } catch (NotFound e) {
            throw new ClusterResponseException(e.getMessage() + " (is the URL that of an Elasticsearch cluster?)", null);
        }
    }

    /** The body of an answer read without the typed client, which checks the same for its own calls. */
    private static InputStream elasticsearchBody(Response response) throws IOException {
        if (!"Elasticsearch".equals(response.getHeader("X-Elastic-Product"))) {
            throw new IllegalStateException("missing X-Elastic-Product header: the answer does not come from Elasticsearch");
        }
        if (response.getEntity() == null) {
            throw new IllegalStateException("empty answer");
        }
        return response.getEntity().getContent();
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
            String reason = describe(cause) + (cause.causedBy() == null ? "" : " (" + describe(cause.causedBy()) + ")");
            if (mentionsNotFound(cause)) {
                return new CancelResult(CancelResult.Status.NOT_FOUND, reason);
            }
            return new CancelResult(CancelResult.Status.REFUSED, reason);
        }
        return CancelResult.accepted();
    }

    @Override
    public AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId) {
        // The HTTP read must outlast the server-side wait, or a normal "still running" looks like a dead cluster.
        int socketTimeout = Math.toIntExact(Math.min(Integer.MAX_VALUE, timeout.toMillis() + requestTimeoutMillis));
        try {
            GetTasksResponse response = call("wait for task " + taskId, () -> {
                try {
                    return client.withTransportOptions(options(opaqueId, socketTimeout))
                            .tasks()
                            .get(request -> request.taskId(taskId)
                                    .waitForCompletion(true)
                                    .timeout(t -> t.time(Math.max(1, timeout.toMillis()) + "ms")));
                } catch (ElasticsearchException e) {
                    if (e.error() != null && "timeout_exception".equals(e.error().type())) {
                        return null;
                    }
                    throw e;
                } catch (TransportException | ResponseException e) {
                    // Elasticsearch 8.19 answers an expired wait with HTTP 500 timeout_exception (not 408),
                    // which the client hands over unparsed.
                    if (String.valueOf(e.getMessage()).contains("\"type\":\"timeout_exception\"")) {
                        return null;
                    }
                    throw e;
                }
            });
            return response == null || !response.completed() ? AwaitResult.STILL_RUNNING : AwaitResult.COMPLETED;
        } catch (NotFound e) {
            return AwaitResult.COMPLETED;
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
        } catch (ResponseException e) {
            throw translate(what, e.getResponse().getStatusLine().getStatusCode(), responseBody(e.getMessage()), e);
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
        if (status == 401 || status == 403) {
            return new ClusterUnauthorizedException(status, message, cause);
        }
        if (status >= 500 || status == 429) {
            return new ClusterUnavailableException(message, cause);
        }
        return new ClusterResponseException(message, cause);
    }

    private static String responseBody(String message) {
        if (message == null) {
            return null;
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(newline + 1).strip();
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

    /** A cancel of a finished task fails its node with a resource_not_found_exception as the cause. */
    private static boolean mentionsNotFound(ErrorCause cause) {
        for (ErrorCause c = cause; c != null; c = c.causedBy()) {
            // no_such_node: the task's node has left the cluster, and the task with it.
            if ("resource_not_found_exception".equals(c.type()) || "no_such_node_exception".equals(c.type())) {
                return true;
            }
        }
        return false;
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

}
