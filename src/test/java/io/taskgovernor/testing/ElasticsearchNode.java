package io.taskgovernor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Elasticsearch node on loopback, from the distribution Maven unpacked into target/
 * (system property {@code es.home}), on the JDK {@link ElasticsearchJava} picks for that version.
 * Alone it is a single-node cluster. Elasticsearch refuses to run as root, so under root it runs as
 * nobody through setpriv. Each node has its own directory (config, data, logs) and ports; stop()
 * and restart() keep both, so a test can take a cluster away and bring it back.
 *
 * <p>A secured node ({@link Security#BASIC}, {@link Security#TLS}) has a file-realm superuser
 * {@link #SUPERUSER} and any {@link FileRealmUser}s given to {@link #start(Security, FileRealmUser...)},
 * all with the password {@link #password()}.
 */
public final class ElasticsearchNode implements AutoCloseable {
    public enum Security { NONE, BASIC, TLS }

    public static final String SUPERUSER = "governor-admin";
    // An upper bound, not a wait: a node starts in ~20 s on an idle 2-core machine, but took 100 s
    // and more while other builds loaded the machine (load average 18), two nodes at once longer.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final Path home;
    private final Path dir;
    private final Security security;
    private final String password = "pw-" + UUID.randomUUID().toString().substring(0, 12);
    private final String name;
    private final int httpPort;
    private final int transportPort;
    private final List<String> clusterSettings;
    private final List<FileRealmUser> users;
    private final String readyPath;
    private Process process;
    private String id;

    /**
     * A node not yet prepared nor started; {@code clusterSettings} are the elasticsearch.yml lines
     * that place it in its cluster (name, discovery, roles, attributes).
     */
    ElasticsearchNode(Security security, String name, String dirName, int httpPort, int transportPort, List<String> clusterSettings,
            List<FileRealmUser> users, String readyPath) {
        Path unpacked = Path.of(System.getProperty("es.home", "target/elasticsearch-dist/elasticsearch-8.19.21")).toAbsolutePath();
        this.security = security;
        this.name = name;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
        this.clusterSettings = List.copyOf(clusterSettings);
        this.users = List.copyOf(users);
        this.readyPath = readyPath;
        if (!isRoot() || nodeUserCanRead(unpacked.resolve("bin/elasticsearch"))) {
            this.home = unpacked;
            this.dir = Path.of("target", "es-nodes", dirName).toAbsolutePath();
        } else {
            // The checkout sits where nobody cannot reach (e.g. under /root or a mode-700 folder):
            // run from a copy under the temporary folder instead of opening up the user's folders.
            Path base = Path.of(System.getProperty("java.io.tmpdir"), "task-governor-es");
            this.home = copyOnce(unpacked, base.resolve(unpacked.getFileName()));
            this.dir = base.resolve("nodes").resolve(dirName);
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
        try {
            Files.createDirectories(to.getParent());
            // Failsafe's two forks may both get here: the file lock makes the second wait for the first's whole copy.
            try (var channel = java.nio.channels.FileChannel.open(to.resolveSibling(to.getFileName() + ".lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                 var lock = channel.lock()) {
                return copyUnlessPresent(from, to);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copyUnlessPresent(Path from, Path to) {
        if (Files.exists(to.resolve("bin/elasticsearch"))) {
            return to;
        }
        try {
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

    /** Starts a single-node cluster and returns once its health is yellow (or it failed: the log tail says why). */
    public static ElasticsearchNode start(Security security) {
        return start(security, new FileRealmUser[0]);
    }

    /**
     * Starts a secured single-node cluster with these file-realm users besides the superuser.
     *
     * @throws IllegalArgumentException for users on an unsecured node, or one role name with two privilege sets
     */
    public static ElasticsearchNode start(Security security, FileRealmUser... users) {
        if (security == Security.NONE && users.length > 0) {
            throw new IllegalArgumentException("file-realm users need a secured node (BASIC or TLS)");
        }
        int httpPort = freePort();
        ElasticsearchNode node = new ElasticsearchNode(security, "node-" + httpPort, security.name().toLowerCase() + "-" + httpPort, httpPort,
                freePort(), List.of("cluster.name: governor-test-" + httpPort, "discovery.type: single-node"),
                List.of(users), "/_cluster/health?wait_for_status=yellow&timeout=1s");
        try {
            node.prepare();
            node.launch();
            node.awaitReady();
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

    /** The node's name ({@code node.name}): {@code hot-<port>}, {@code warm-<port>} or {@code node-<port>}. */
    public String name() { return name; }

    /** The distribution's version, e.g. {@code "8.19.21"} or {@code "9.5.0"}. */
    public String version() { return ElasticsearchJava.version(home); }

    /** The node's id, as in task ids ({@code <node id>:<number>}) and {@code _tasks} answers. */
    public synchronized String id() {
        if (id == null) {
            EsHttp.Response response = http().get("/_nodes/_local?filter_path=nodes.*.name");
            try {
                var ids = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("nodes").fieldNames();
                if (response.status() != 200 || !ids.hasNext()) {
                    throw new IllegalStateException("no node id in " + response.status() + " " + response.body());
                }
                id = ids.next();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("no node id in " + response.body(), e);
            }
        }
        return id;
    }

    /** HTTP as the superuser (or anonymous on an unsecured node). */
    public EsHttp http() {
        return new EsHttp(url(), username(), password(), caFile());
    }

    /** HTTP as one of this node's file-realm users. */
    public EsHttp http(FileRealmUser user) {
        if (!users.contains(user)) {
            throw new IllegalArgumentException(user.name() + " is not a user of this node");
        }
        return new EsHttp(url(), user.name(), password, caFile());
    }

    /** Writes config, certificates and users; nothing runs yet. */
    void prepare() {
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("tmp"));
            copy(home.resolve("config"), dir.resolve("config"));
            List<String> settings = new ArrayList<>(clusterSettings);
            settings.addAll(List.of(
                    "node.name: " + name,
                    "network.host: 127.0.0.1",
                    "http.port: " + httpPort,
                    "transport.port: " + transportPort,
                    "path.data: " + dir.resolve("data"),
                    "path.logs: " + dir.resolve("logs"),
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    "xpack.security.enabled: " + (security != Security.NONE)));
            if (security == Security.TLS) {
                TestCertificates.nodeCertificates(dir.resolve("config/certs"));
                settings.addAll(List.of(
                        "xpack.security.http.ssl.enabled: true",
                        "xpack.security.http.ssl.key: certs/node/node.key",
                        "xpack.security.http.ssl.certificate: certs/node/node.crt",
                        "xpack.security.http.ssl.certificate_authorities: [certs/ca/ca.crt]"));
            }
            Files.writeString(dir.resolve("config/elasticsearch.yml"), String.join("\n", settings) + "\n");
            // A small heap: tests run several nodes one after another on a 2-core machine.
            Files.writeString(dir.resolve("config/jvm.options.d/heap.options"), "-Xms512m\n-Xmx512m\n");
            if (!users.isEmpty()) {
                Files.writeString(dir.resolve("config/roles.yml"), rolesYml(users));
            }
            if (security != Security.NONE) {
                writeFileRealm();
            }
            chownToNobody();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the file realm's {@code users} and {@code users_roles} as {@code elasticsearch-users useradd}
     * would, without its JVM (about 7 s per user on a loaded 2-core machine): each password hashed with
     * PBKDF2-HMAC-SHA512, 10,000 iterations, 32-byte salt, 256-bit key, written
     * {@code {PBKDF2}10000$<base64 salt>$<base64 key>} (the format of Elasticsearch's
     * {@code org.elasticsearch.xpack.core.security.authc.support.Hasher.PBKDF2}, which the file realm
     * recognises by its prefix in 8.x and 9.x).
     */
    private void writeFileRealm() throws IOException {
        Map<String, List<String>> usersOfRole = new java.util.LinkedHashMap<>();
        StringBuilder usersFile = new StringBuilder();
        usersFile.append(SUPERUSER).append(':').append(pbkdf2(password)).append('\n');
        usersOfRole.computeIfAbsent("superuser", r -> new ArrayList<>()).add(SUPERUSER);
        for (FileRealmUser user : users) {
            usersFile.append(user.name()).append(':').append(pbkdf2(password)).append('\n');
            usersOfRole.computeIfAbsent(user.role(), r -> new ArrayList<>()).add(user.name());
        }
        StringBuilder rolesFile = new StringBuilder();
        usersOfRole.forEach((role, names) -> rolesFile.append(role).append(':').append(String.join(",", names)).append('\n'));
        Files.writeString(dir.resolve("config/users"), usersFile);
        Files.writeString(dir.resolve("config/users_roles"), rolesFile);
    }

    private static String pbkdf2(String secret) {
        try {
            byte[] salt = new byte[32];
            new java.security.SecureRandom().nextBytes(salt);
            byte[] key = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new javax.crypto.spec.PBEKeySpec(secret.toCharArray(), salt, 10_000, 256)).getEncoded();
            var base64 = java.util.Base64.getEncoder();
            return "{PBKDF2}10000$" + base64.encodeToString(salt) + "$" + base64.encodeToString(key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no PBKDF2WithHmacSHA512 in this JDK", e);
        }
    }

    private static String rolesYml(List<FileRealmUser> users) {
        Map<String, FileRealmUser> roles = new java.util.LinkedHashMap<>();
        for (FileRealmUser user : users) {
            FileRealmUser other = roles.putIfAbsent(user.role(), user);
            if (other != null && !(other.clusterPrivileges().equals(user.clusterPrivileges())
                    && other.indices().equals(user.indices()))) {
                throw new IllegalArgumentException("role " + user.role() + " given two privilege sets: "
                        + other.clusterPrivileges() + " and " + user.clusterPrivileges());
            }
        }
        StringBuilder yml = new StringBuilder();
        roles.values().forEach(user -> yml.append(user.rolesYml()));
        return yml.toString();
    }

    /** Starts the process without waiting for it to serve. */
    void launch() {
        ProcessBuilder builder = new ProcessBuilder(asNodeUser(List.of(home.resolve("bin/elasticsearch").toString())))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs/console.log").toFile());
        environment(builder.environment());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Elasticsearch from " + home, e);
        }
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

    /**
     * Kills the node's processes at once (SIGKILL, no graceful shutdown), for a node whose data nobody
     * reads again: a shared node at the end of the test JVM, where Failsafe kills the JVM itself 30 s
     * after it exits, and a graceful stop of several loaded nodes took longer than that.
     */
    public void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops the node if it runs and starts it again with the same data, ports and users. */
    public void restart() {
        stop();
        launch();
        awaitReady();
    }

    /** Waits until the node answers its readiness request with 200, or fails with the log tail. */
    void awaitReady() {
        Instant started = Instant.now();
        EsHttp http = http();
        try {
            // A dead process fails at once (the exception propagates); not listening yet counts as not ready.
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Elasticsearch exited with " + process.exitValue() + ":\n" + logTail());
                }
                try {
                    return http.get(readyPath).status() == 200;
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Elasticsearch did not start within " + START_TIMEOUT + ":\n" + logTail());
        }
        System.out.printf("[ElasticsearchNode] %s %s ready in %.1f s%n", version(), name,
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
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
        env.put("ES_JAVA_HOME", ElasticsearchJava.homeFor(home).toString());
        env.put("ES_TMPDIR", dir.resolve("tmp").toString());
        env.remove("ES_JAVA_OPTS");
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

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @Override
    public void close() {
        stop();
    }
}
