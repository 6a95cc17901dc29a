package io.taskgovernor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An HTTP server on loopback that answers as scripted, for what a real Elasticsearch cannot be
 * made to do on demand: hang, fail with 500, send broken JSON, list 100k tasks. It records every
 * request so tests can check what the governor sent.
 */
public final class ScriptedHttpServer implements AutoCloseable {
    public record Request(String method, String path, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    /** @param elasticsearch whether the answer carries {@code X-Elastic-Product: Elasticsearch} */
    public record Reply(int status, String body, boolean hang, boolean elasticsearch) {
        public static Reply json(int status, String body) { return new Reply(status, body, false, true); }
        /**
         * Without the product header: Elasticsearch 8.19.21 sends none with its 401 and 403 answers,
         * and neither does a proxy or another HTTP server.
         */
        public static Reply withoutProductHeader(int status, String body) { return new Reply(status, body, false, false); }
        public static Reply hangs() { return new Reply(0, null, true, false); }
    }

    static {
        // Without it the JDK server and the client's delayed ACKs cost ~40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Function<Request, Reply> script;

    public ScriptedHttpServer(Function<Request, Reply> script) {
        this.script = script;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public void script(Function<Request, Reply> script) {
        this.script = script;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        // Read the whole request first, as Elasticsearch does: answering a bulk request before its body is
        // consumed left the client's reused connection in a state it refused ("Unexpected request state READY").
        try (var in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()));
        requests.add(request);
        Reply reply = script.apply(request);
        if (reply.hang()) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (reply.elasticsearch()) {
            // The official client refuses successful answers that do not say they come from Elasticsearch.
            exchange.getResponseHeaders().set("X-Elastic-Product", "Elasticsearch");
        }
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
