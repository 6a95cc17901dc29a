package io.taskgovernor.testing;

import java.util.List;

/**
 * Two Elasticsearch processes on loopback forming one cluster, so that the node coordinating a
 * request and the node doing its shard work can differ:
 * <ul>
 *   <li>{@link #hot()}: {@code hot-<http port>}, roles master, data, ingest, {@code node.attr.tier: hot};
 *       the elected master;</li>
 *   <li>{@link #warm()}: {@code warm-<http port>}, role data only, {@code node.attr.tier: warm}.</li>
 * </ul>
 * Put an index on one node with {@link RunawayTasks#onNode}; a search sent to the other node then
 * lists its coordinating task ({@code indices:data/read/search}) there and the shard child
 * ({@code indices:data/read/search[phase/query]}, {@code parent_task_id} = the coordinating task) on
 * the index's node. Both nodes share {@code es.home}'s version, no security, 512 MB heap each.
 */
public final class TwoNodeCluster implements AutoCloseable {
    private final ElasticsearchNode hot;
    private final ElasticsearchNode warm;

    private TwoNodeCluster(ElasticsearchNode hot, ElasticsearchNode warm) {
        this.hot = hot;
        this.warm = warm;
    }

    /**
     * Starts both nodes at once and returns when each sees two nodes and yellow health.
     *
     * @throws IllegalStateException with the failing node's log tail when a node exits or takes over 120 s
     */
    public static TwoNodeCluster start() {
        int hotPort = ElasticsearchNode.freePort();
        int hotTransport = ElasticsearchNode.freePort();
        int warmPort = ElasticsearchNode.freePort();
        String hotName = "hot-" + hotPort;
        List<String> common = List.of("cluster.name: governor-pair-" + hotPort,
                "discovery.seed_hosts: [\"127.0.0.1:" + hotTransport + "\"]");
        String ready = "/_cluster/health?wait_for_nodes=2&wait_for_status=yellow&timeout=1s";
        ElasticsearchNode hot = new ElasticsearchNode(ElasticsearchNode.Security.NONE, hotName, hotName, hotPort,
                hotTransport, concat(common, "cluster.initial_master_nodes: [\"" + hotName + "\"]",
                        "node.roles: [master, data, ingest]", "node.attr.tier: hot"), List.of(), ready);
        ElasticsearchNode warm = new ElasticsearchNode(ElasticsearchNode.Security.NONE, "warm-" + warmPort, "warm-" + warmPort,
                warmPort, ElasticsearchNode.freePort(), concat(common, "node.roles: [data]", "node.attr.tier: warm"),
                List.of(), ready);
        TwoNodeCluster cluster = new TwoNodeCluster(hot, warm);
        try {
            hot.prepare();
            warm.prepare();
            hot.launch();
            warm.launch();
            hot.awaitReady();
            warm.awaitReady();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static List<String> concat(List<String> common, String... more) {
        return java.util.stream.Stream.concat(common.stream(), java.util.Arrays.stream(more)).toList();
    }

    /** The master and data node, {@code node.attr.tier: hot}. */
    public ElasticsearchNode hot() {
        return hot;
    }

    /** The data-only node, {@code node.attr.tier: warm}. */
    public ElasticsearchNode warm() {
        return warm;
    }

    /** Kills both nodes at once ({@link ElasticsearchNode#kill()}). */
    public void kill() {
        warm.kill();
        hot.kill();
    }

    @Override
    public void close() {
        // the data node first, so the master does not spend the shutdown re-routing to it
        warm.close();
        hot.close();
    }
}
