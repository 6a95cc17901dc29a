package io.taskgovernor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test-side HTTP to Elasticsearch, for setting up data and provoking tasks. The product itself talks
 * through the official client; fixtures stay independent of it so they cannot hide its bugs.
 */
public final class EsHttp {
    public record Response(int status, String body) {}

    private final String url;
    private final String authorization;
    private final HttpClient client;

    public EsHttp(String url, String username, String password, Path caFile) {
        this.url = url;
        this.authorization = username == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (caFile != null) {
            builder.sslContext(trusting(caFile));
        }
        this.client = builder.build();
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response send(String method, String path, String body, String opaqueId) {
        try {
            return sendAsync(method, path, body, opaqueId, Duration.ofSeconds(60)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getCause(), e.getCause());
        }
    }

    public CompletableFuture<Response> sendAsync(String method, String path, String body, String opaqueId, Duration timeout) {
        return sendAsync(method, path, body, opaqueId == null ? java.util.Map.of() : java.util.Map.of("X-Opaque-Id", opaqueId),
                timeout);
    }

    /** A request carrying the given headers (names as sent), e.g. X-Opaque-Id, traceparent. */
    public CompletableFuture<Response> sendAsync(String method, String path, String body,
            java.util.Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(timeout)
                .header("Content-Type", path.contains("_bulk") || path.contains("_msearch") ? "application/x-ndjson" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Response(r.statusCode(), r.body()));
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
