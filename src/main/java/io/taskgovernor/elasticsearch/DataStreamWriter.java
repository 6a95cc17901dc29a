package io.taskgovernor.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.ResponseException;

/**
 * Appends documents to one data stream through the official client's bulk API ({@code POST
 * <data stream>/_bulk} with {@code create} operations, the only kind a data stream takes). Each
 * request carries {@code X-Opaque-Id: task-governor/audit}, so the governor never governs its own writes.
 * Errors are mapped as {@link ClusterChannel} maps them.
 */
public final class DataStreamWriter implements AutoCloseable {
    public static final String OPAQUE_ID = "task-governor/audit";

    /**
     * What became of one bulk request, document by document (indices into the list sent).
     *
     * @param retryable the documents refused for now (429, 5xx): worth sending again
     * @param refused   the documents refused for good (e.g. 400 mapping conflict, 403), with the first reason
     */
    public record BulkOutcome(int written, List<Integer> retryable, int refused, String firstRefusal) {
        public BulkOutcome {
            retryable = List.copyOf(retryable);
        }
    }

    private final String url;
    private final String dataStream;
    private final RestClientTransport transport;
    private final ElasticsearchClient client;

    public DataStreamWriter(ClusterConnection connection, String dataStream) {
        this.url = connection.url().toString();
        this.dataStream = dataStream;
        int timeoutMillis = ClusterChannel.millis(connection.requestTimeout());
        RequestOptions options = RequestOptions.DEFAULT.toBuilder()
                .addHeader(RunningTask.OPAQUE_ID_HEADER, OPAQUE_ID)
                .setRequestConfig(RequestConfig.custom().setConnectTimeout(timeoutMillis)
                        .setConnectionRequestTimeout(timeoutMillis).setSocketTimeout(timeoutMillis).build())
                .build();
        this.transport = new RestClientTransport(ClusterChannel.restClient(connection, timeoutMillis),
                new JacksonJsonpMapper(), new RestClientOptions(options, false));
        this.client = new ElasticsearchClient(transport);
    }

    public String dataStream() {
        return dataStream;
    }

    /**
     * Sends the documents in one bulk request.
     *
     * @param documents JSON-mappable maps (strings, numbers, booleans, lists, maps)
     * @throws ElasticsearchError          when the whole request got an error status (401, 403, 404...)
     * @throws ClusterUnavailableException when no answer came within the request timeout
     * @throws ClusterResponseException    on an answer that is not Elasticsearch's
     */
    public BulkOutcome write(List<Map<String, Object>> documents) {
        BulkRequest.Builder bulk = new BulkRequest.Builder().index(dataStream);
        for (Map<String, Object> document : documents) {
            bulk.operations(op -> op.create(c -> c.document(document)));
        }
        String what = "write " + documents.size() + " audit documents to " + dataStream + " on " + url;
        BulkResponse response;
        try {
            response = client.bulk(bulk.build());
        } catch (ElasticsearchException e) {
            throw new ElasticsearchError(what, e.status(), e.error().type(), e.error().reason());
        } catch (TransportException e) {
            if (e.statusCode() >= 400) {
                throw new ElasticsearchError(what, e.statusCode(), null, null);
            }
            throw new ClusterResponseException(what + ": not an Elasticsearch answer: " + e.getMessage(), e);
        } catch (ResponseException e) {
            throw new ElasticsearchError(what, e.getResponse().getStatusLine().getStatusCode(), null, null);
        } catch (IOException e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            throw new ClusterUnavailableException(what + ": " + reason, e);
        }
        int written = 0;
        int refused = 0;
        String firstRefusal = null;
        List<Integer> retryable = new ArrayList<>();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            if (item.error() == null) {
                written++;
            } else if (item.status() == 429 || item.status() >= 500) {
                retryable.add(i);
            } else {
                refused++;
                if (firstRefusal == null) {
                    firstRefusal = "HTTP " + item.status() + " " + item.error().type() + ": " + item.error().reason();
                }
            }
        }
        return new BulkOutcome(written, retryable, refused, firstRefusal);
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException ignored) {
            // closing releases connections; nothing useful to do if it fails
        }
    }
}
