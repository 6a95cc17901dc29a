package io.taskgovernor.testing;

import java.util.List;

/**
 * The nodes IT classes share within one test JVM: starting Elasticsearch costs 10-30 s (more with
 * certificates), so each kind is started once, by the first class that asks, and a shutdown hook kills
 * it when the JVM ends. Classes that share a node must leave it as they found it for the others (no
 * settings changed, no node stopped): a class that needs that starts its own {@link ElasticsearchNode}.
 *
 * <ul>
 *   <li>{@link #node()}: plain, no security;</li>
 *   <li>{@link #basic()}: basic auth over HTTP, {@link #USERS} in its file realm;</li>
 *   <li>{@link #tls()}: basic auth over HTTPS (certificates from the JDK's {@code keytool}, {@link TestCertificates}),
 *       the same {@link #USERS};</li>
 *   <li>{@link #twoNodes()}: the hot and warm nodes of {@link TwoNodeCluster}.</li>
 * </ul>
 */
public final class SharedElasticsearch {
    /** Least privilege for the governor (README): lists with {@code monitor}, cancels with {@code cancel_task}. */
    public static final FileRealmUser GOVERNOR = FileRealmUser.withPrivileges("governor", "task_governor", "monitor", "cancel_task");
    /** {@code monitor} alone: lists and waits, its cancel is refused with 403. */
    public static final FileRealmUser OBSERVER = FileRealmUser.withPrivileges("observer", "task_observer", "monitor");
    /** Audit data streams (README): governs and writes them, {@code create_doc} + {@code auto_configure} on their names. */
    public static final String AUDIT_NAMES = "logs-taskgovernor.audit-*";
    public static final FileRealmUser AUDIT_GOVERNOR = new FileRealmUser("audit-governor", "task_governor_auditing",
            List.of("monitor", "cancel_task"),
            List.of(new FileRealmUser.IndexGrant(List.of(AUDIT_NAMES), List.of("create_doc", "auto_configure"))));
    /** {@code create_doc} alone on the audit data streams: appends to an existing one, cannot create one. */
    public static final FileRealmUser APPENDER = FileRealmUser.withIndexPrivileges("appender", "audit_appender",
            List.of(AUDIT_NAMES), "create_doc");
    /** The file-realm users of {@link #basic()} and {@link #tls()}, all with the node's {@link ElasticsearchNode#password()}. */
    public static final List<FileRealmUser> USERS = List.of(GOVERNOR, OBSERVER, AUDIT_GOVERNOR, APPENDER);

    private static ElasticsearchNode node;
    private static ElasticsearchNode basic;
    private static ElasticsearchNode tls;
    private static TwoNodeCluster twoNodes;

    private SharedElasticsearch() {}

    public static synchronized ElasticsearchNode node() {
        if (node == null) {
            node = ElasticsearchNode.start(ElasticsearchNode.Security.NONE);
            killAtExit(node::kill);
        }
        return node;
    }

    public static synchronized ElasticsearchNode basic() {
        if (basic == null) {
            basic = ElasticsearchNode.start(ElasticsearchNode.Security.BASIC, USERS.toArray(FileRealmUser[]::new));
            killAtExit(basic::kill);
        }
        return basic;
    }

    public static synchronized ElasticsearchNode tls() {
        if (tls == null) {
            tls = ElasticsearchNode.start(ElasticsearchNode.Security.TLS, USERS.toArray(FileRealmUser[]::new));
            killAtExit(tls::kill);
        }
        return tls;
    }

    public static synchronized TwoNodeCluster twoNodes() {
        if (twoNodes == null) {
            twoNodes = TwoNodeCluster.start();
            killAtExit(twoNodes::kill);
        }
        return twoNodes;
    }

    /** At JVM exit the shared nodes are killed, not stopped gracefully: {@link ElasticsearchNode#kill()} says why. */
    private static void killAtExit(Runnable kill) {
        Runtime.getRuntime().addShutdownHook(new Thread(kill, "kill-elasticsearch"));
    }
}
