package io.taskgovernor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch on loopback, from the distribution Maven unpacked into target/.
 * Elasticsearch refuses to run as root, so under root it runs as nobody through setpriv. Each node
 * has its own directory (config, data, logs) and ports; stop() and start() again keep both, so a
 * test can take a cluster away and bring it back.
 */
public final class ElasticsearchNode implements AutoCloseable {
    public enum Security { NONE, BASIC, TLS }

    public static final String SUPERUSER = "governor-admin";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final Path dir;
    private final Security security;
    private final String password = "pw-" + UUID.randomUUID().toString().substring(0, 12);
    private final int httpPort;
    private final int transportPort;
    private Process process;

    private ElasticsearchNode(Security security) {
        Path unpacked = Path.of(System.getProperty("es.home", "target/elasticsearch-dist/elasticsearch-8.19.21")).toAbsolutePath();
        this.security = security;
        this.httpPort = freePort();
        this.transportPort = freePort();
        String name = security.name().toLowerCase() + "-" + httpPort;
        if (!isRoot() || nodeUserCanRead(unpacked.resolve("bin/elasticsearch"))) {
            this.home = unpacked;
            this.dir = Path.of("target", "es-nodes", name).toAbsolutePath();
        } else {
            // The checkout sits where nobody cannot reach (e.g. under /root or a mode-700 folder):
            // run from a copy under the temporary folder instead of opening up the user's folders.
            Path base = Path.of(System.getProperty("java.io.tmpdir"), "task-governor-es");
            this.home = copyOnce(unpacked, base.resolve(unpacked.getFileName()));
            this.dir = base.resolve("nodes").resolve(name);
        }
    }

    private static boolean nodeUserCanRead(Path file) {
        try {
            Process p = new ProcessBuilder(asNodeUser(List.of("test", "-r", file.toString()))).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static synchronized Path copyOnce(Path from, Path to) {
        if (Files.exists(to.resolve("bin/elasticsearch"))) {
            return to;
        }
        try {
            Files.createDirectories(to.getParent());
            Process p = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
            Process open = null;
            if (p.waitFor() == 0) {
                open = new ProcessBuilder("chmod", "-R", "a+rX", to.getParent().toString()).inheritIO().start();
            }
            if (open == null || open.waitFor() != 0) {
                throw new IllegalStateException("cannot copy Elasticsearch to " + to);
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static ElasticsearchNode start(Security security) {
        ElasticsearchNode node = new ElasticsearchNode(security);
        try {
            node.prepare();
            node.startProcess();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    public String url() {
        return (security == Security.TLS ? "https" : "http") + "://127.0.0.1:" + httpPort;
    }

    public int port() { return httpPort; }
    public Security security() { return security; }
    public String username() { return security == Security.NONE ? null : SUPERUSER; }
    public String password() { return security == Security.NONE ? null : password; }
    public Path caFile() { return security == Security.TLS ? dir.resolve("config/certs/ca/ca.crt") : null; }

    public EsHttp http() {
        return new EsHttp(url(), username(), password(), caFile());
    }

    private void prepare() {
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("tmp"));
            copy(home.resolve("config"), dir.resolve("config"));
            List<String> settings = new ArrayList<>(List.of(
                    "cluster.name: governor-test-" + httpPort,
                    "node.name: node-" + httpPort,
                    "discovery.type: single-node",
                    "network.host: 127.0.0.1",
                    "http.port: " + httpPort,
                    "transport.port: " + transportPort,
                    "path.data: " + dir.resolve("data"),
                    "path.logs: " + dir.resolve("logs"),
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    "xpack.security.enabled: " + (security != Security.NONE)));
            if (security == Security.TLS) {
                generateCertificates();
                settings.addAll(List.of(
                        "xpack.security.http.ssl.enabled: true",
                        "xpack.security.http.ssl.key: certs/node/node.key",
                        "xpack.security.http.ssl.certificate: certs/node/node.crt",
                        "xpack.security.http.ssl.certificate_authorities: [certs/ca/ca.crt]"));
            }
            Files.writeString(dir.resolve("config/elasticsearch.yml"), String.join("\n", settings) + "\n");
            // A small heap: tests run several nodes one after another on a 2-core machine.
            Files.writeString(dir.resolve("config/jvm.options.d/heap.options"), "-Xms512m\n-Xmx512m\n");
            chownToNobody();
            if (security != Security.NONE) {
                run(List.of(home.resolve("bin/elasticsearch-users").toString(), "useradd", SUPERUSER, "-p", password,
                        "-r", "superuser"), Duration.ofSeconds(60));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void generateCertificates() throws IOException {
        Path certs = dir.resolve("config/certs");
        Files.createDirectories(certs);
        Path caZip = certs.resolve("ca.zip");
        Path nodeZip = certs.resolve("node.zip");
        run(List.of(home.resolve("bin/elasticsearch-certutil").toString(), "ca", "--pem", "--silent", "--out",
                caZip.toString()), Duration.ofSeconds(60));
        unzip(caZip, certs);
        run(List.of(home.resolve("bin/elasticsearch-certutil").toString(), "cert", "--pem", "--silent",
                "--ca-cert", certs.resolve("ca/ca.crt").toString(), "--ca-key", certs.resolve("ca/ca.key").toString(),
                "--ip", "127.0.0.1", "--dns", "localhost", "--name", "node", "--out", nodeZip.toString()),
                Duration.ofSeconds(60));
        unzip(nodeZip, certs);
    }

    private void startProcess() {
        ProcessBuilder builder = new ProcessBuilder(asNodeUser(List.of(home.resolve("bin/elasticsearch").toString())))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs/console.log").toFile());
        environment(builder.environment());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Elasticsearch from " + home, e);
        }
        awaitReady();
    }

    /** Stops the node and keeps its data, port and credentials for {@link #restart()}. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public void restart() {
        stop();
        startProcess();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        EsHttp http = http();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (http.get("/_cluster/health?wait_for_status=yellow&timeout=1s").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            sleep(250);
        }
        throw new IllegalStateException("Elasticsearch did not start within " + START_TIMEOUT + ":\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("logs/console.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void environment(Map<String, String> env) {
        env.put("ES_PATH_CONF", dir.resolve("config").toString());
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        env.put("ES_TMPDIR", dir.resolve("tmp").toString());
        env.remove("ES_JAVA_OPTS");
    }

    private void run(List<String> command, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(asNodeUser(command)).redirectErrorStream(true);
        environment(builder.environment());
        try {
            Files.createDirectories(dir.resolve("tmp"));
            chownToNobody();
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " failed: " + output);
            }
            chownToNobody();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> asNodeUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void chownToNobody() throws IOException {
        if (!isRoot()) {
            return;
        }
        try {
            Process p = new ProcessBuilder("chown", "-R", "nobody:nogroup", dir.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException("chown failed for " + dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            java.util.zip.ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
