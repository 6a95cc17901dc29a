package io.taskgovernor.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.endpoints.BinaryEndpoint;
import co.elastic.clients.transport.endpoints.BinaryResponse;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * The one HTTP path to a cluster: every call goes through the official client's transport
 * ({@code RestClientTransport}: its product check, headers and error parsing) over its
 * {@code RestClient} (auth, TLS, pooled connections), and every failure is mapped here, once:
 * <ul>
 *   <li>an error status (4xx, 5xx) becomes an {@link ElasticsearchError} with Elasticsearch's
 *       {@code error.type}/{@code reason} as the client parsed them (both null when the body was not
 *       Elasticsearch's error JSON);</li>
 *   <li>a success without the {@code X-Elastic-Product: Elasticsearch} header, or a body the call's
 *       reader cannot parse, becomes a {@link ClusterResponseException};</li>
 *   <li>no answer (refused, reset, read timeout) becomes a {@link ClusterUnavailableException}.</li>
 * </ul>
 * Bodies of successful answers are read as a stream by the caller's {@link BodyReader}, never
 * mapped to the client's typed responses (README, "Benchmarks").
 */
final class ClusterChannel implements AutoCloseable {
    /**
     * One request.
     *
     * @param name        what is asked, for messages, e.g. {@code "cancel task n1:7"}
     * @param endpoint    the Elasticsearch API, e.g. {@code "tasks.cancel"} (the client's name for it)
     * @param path        the URL path, its variable parts already encoded
     * @param readTimeout how long the answer may take once the request is sent
     */
    record Call(String name, String endpoint, String method, String path, Map<String, String> parameters,
                String opaqueId, Duration readTimeout) {
        Call {
            parameters = Map.copyOf(parameters);
        }
    }

    /** Reads a successful answer's body; a {@link JsonProcessingException} means a malformed answer. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /** A call through the official client's typed API, for the few answers read whole (not per pass). */
    @FunctionalInterface
    interface ClientCall<T> {
        T call(ElasticsearchClient client) throws IOException;
    }

    @FunctionalInterface
    private interface Exchange<T> {
        T perform() throws IOException;
    }

    private static BinaryEndpoint<Call> endpoint(Call sent) {
        return new BinaryEndpoint<>(
                sent.endpoint(),
                Call::method,
                Call::path,
                call -> Map.of(),
                Call::parameters,
                call -> Map.of(), // headers go in the request options: the transport sends only those
                false,
                null);
    }

    private static final ObjectMapper ERROR_READER = new ObjectMapper();

    private final String url;
    private final int connectTimeoutMillis;
    private final ElasticsearchTransport transport;

    ClusterChannel(ClusterConnection connection) {
        this.url = connection.url().toString();
        this.connectTimeoutMillis = millis(connection.requestTimeout());
        this.transport = new RestClientTransport(restClient(connection, connectTimeoutMillis), new JacksonJsonpMapper());
    }

    /**
     * The JVM-wide set-up the first channel needs, done now: the JDK's default {@code SSLContext}
     * (its trust store read), which {@code RestClientBuilder} asks for even for an {@code http://}
     * URL; HttpClient's public-suffix list, which its builder loads for every client; the JSON mapper
     * the transport is built with. Thread-safe and idempotent (each is a JVM-wide lazy default).
     */
    static void prepare() {
        try {
            javax.net.ssl.SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            // the builder reports it, with its own message, when it asks for the same default
        }
        org.apache.http.conn.util.PublicSuffixMatcherLoader.getDefault();
        new JacksonJsonpMapper();
    }

    /** A low-level client to the connection's cluster: its URL (path prefix included), auth, CA and timeouts. */
    static RestClient restClient(ClusterConnection connection, int timeoutMillis) {
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
     * Sends one call and reads its answer.
     *
     * @throws ElasticsearchError            on an error status
     * @throws ClusterResponseException      on an answer that is not Elasticsearch's or does not parse
     * @throws ClusterUnavailableException   when no answer came within the call's read timeout
     */
    <T> T send(Call call, BodyReader<T> reader) {
        return mapped(call.name() + " on " + url, () -> {
            try (BinaryResponse response = transport.performRequest(call, endpoint(call), options(call.opaqueId(), call.readTimeout()))) {
                try (InputStream body = response.content()) {
                    return reader.read(body);
                }
            }
        });
    }

    /**
     * Sends one call through the official client's typed API (its request and response mapping),
     * with this channel's headers and timeouts; failures are mapped as for {@link #send(Call, BodyReader)}.
     *
     * @param name what is asked, for messages, e.g. {@code "has privileges"}
     */
    <T> T send(String name, String opaqueId, ClientCall<T> call) {
        ElasticsearchClient client = new ElasticsearchClient(transport,
                options(opaqueId, Duration.ofMillis(connectTimeoutMillis)));
        return mapped(name + " on " + url, () -> call.call(client));
    }

    private <T> T mapped(String what, Exchange<T> exchange) {
        try {
            return exchange.perform();
        } catch (ElasticsearchException e) {
            var error = e.error();
            throw new ElasticsearchError(what, e.status(), error.type(), error.reason());
        } catch (TransportException e) {
            // The client's own verdicts on an answer: no product header on a success, or an error
            // status whose body is not Elasticsearch's error JSON (a proxy, a load balancer).
            if (e.statusCode() >= 400) {
                throw new ElasticsearchError(what, e.statusCode(), null, null);
            }
            throw new ClusterResponseException(what + ": not an Elasticsearch answer: " + e.getMessage(), e);
        } catch (ResponseException e) {
            // The RestClient's own retry statuses (502, 503, 504) bypass the transport's error parsing.
            throw errorOf(what, e.getResponse());
        } catch (JsonProcessingException e) {
            throw new ClusterResponseException(what + ": malformed answer: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            throw new ClusterUnavailableException(what + ": " + reason, e);
        }
    }

    /** {@code {"error":{"type":..,"reason":..},"status":N}} read leniently: type and reason stay null otherwise. */
    private static ElasticsearchError errorOf(String what, Response response) {
        int status = response.getStatusLine().getStatusCode();
        try {
            JsonNode error = ERROR_READER.readTree(response.getEntity().getContent()).path("error");
            return new ElasticsearchError(what, status, error.path("type").textValue(), error.path("reason").textValue());
        } catch (IOException | RuntimeException e) {
            return new ElasticsearchError(what, status, null, null);
        }
    }

    private RestClientOptions options(String opaqueId, Duration readTimeout) {
        RequestOptions options = RequestOptions.DEFAULT.toBuilder()
                .addHeader(RunningTask.OPAQUE_ID_HEADER, opaqueId)
                .setRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(connectTimeoutMillis)
                        .setConnectionRequestTimeout(connectTimeoutMillis)
                        .setSocketTimeout(millis(readTimeout))
                        .build())
                .build();
        return new RestClientOptions(options, false);
    }

    static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
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
