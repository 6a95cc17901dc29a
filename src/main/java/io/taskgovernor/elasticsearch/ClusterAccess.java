package io.taskgovernor.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cluster says about itself and about the governor's user: the server ({@code GET /}) and
 * whether the user holds the cluster privileges the governor needs
 * ({@code POST _security/user/_has_privileges}). Both go through the official client over
 * {@link ClusterChannel} (its product check: a success without {@code X-Elastic-Product:
 * Elasticsearch} is a {@link ClusterResponseException}), failures mapped as for {@link TasksApi}.
 */
public final class ClusterAccess implements AutoCloseable {
    /** Least privilege: {@code monitor} lists tasks and waits on one, {@code cancel_task} cancels. */
    public static final List<String> REQUIRED_PRIVILEGES = List.of("monitor", "cancel_task");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param product      {@code Elasticsearch}: every answer carried that {@code X-Elastic-Product} header
     * @param version      e.g. {@code 8.19.21}
     * @param buildFlavor  e.g. {@code default}, or null when not said
     */
    public record Server(String product, String version, String buildFlavor, String clusterName) {}

    /**
     * @param securityEnabled false when the cluster runs without security: every request is allowed
     * @param username        who the cluster took the credentials for; null without security
     * @param held            each privilege asked for, and whether the user holds it; empty without security
     */
    public record Privileges(boolean securityEnabled, String username, Map<String, Boolean> held) {
        public Privileges {
            held = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(held));
        }

        /** The privileges asked for that the user lacks, in the order asked. */
        public List<String> missing(List<String> asked) {
            return asked.stream().filter(p -> securityEnabled && !Boolean.TRUE.equals(held.get(p))).toList();
        }
    }

    private final ClusterChannel channel;
    private final Duration requestTimeout;

    public ClusterAccess(ClusterConnection connection) {
        this(new ClusterChannel(connection), connection.requestTimeout());
    }

    /** Over a channel another owner closes (the operator's {@link ElasticsearchTasksApi}); do not {@link #close}. */
    ClusterAccess(ClusterChannel channel, Duration requestTimeout) {
        this.channel = channel;
        this.requestTimeout = requestTimeout;
    }

    /**
     * The server: {@code GET /}; on a node without that endpoint (404/405: Elasticsearch's test
     * distribution lacks its rest-root module) the answering node's own
     * {@code GET _nodes/_local/_none} (version, build flavor, cluster name), which {@code monitor} allows.
     *
     * @throws ClusterException as for {@link TasksApi}; 401 without valid credentials
     */
    public Server server(String opaqueId) {
        try {
            var info = channel.send("server info", opaqueId, client -> client.info());
            return new Server("Elasticsearch", info.version().number(), info.version().buildFlavor(), info.clusterName());
        } catch (ElasticsearchError e) {
            if (e.status() != 404 && e.status() != 405) {
                throw e;
            }
        }
        var call = new ClusterChannel.Call("node info", "nodes.info", "GET", "/_nodes/_local/_none",
                Map.of("filter_path", "cluster_name,nodes.*.version,nodes.*.build_flavor"), opaqueId, requestTimeout);
        JsonNode answer = channel.send(call, JSON::readTree);
        JsonNode node = answer.path("nodes").elements().hasNext() ? answer.path("nodes").elements().next() : JSON.missingNode();
        return new Server("Elasticsearch", node.path("version").asText(null), node.path("build_flavor").asText(null),
                answer.path("cluster_name").asText(null));
    }

    /**
     * Whether the credentials' user holds the cluster privileges: {@code _has_privileges} (any
     * authenticated user may ask it about itself). A cluster without security has no such endpoint:
     * Elasticsearch answers {@code 400 {"error":"no handler found for uri [/_security/user/_has_privileges]
     * and method [POST]"}} (seen on 8.19.21 and 9.5.0), which is {@code securityEnabled = false}.
     *
     * @throws ClusterException as for {@link TasksApi}; 401 for credentials the cluster does not take
     */
    public Privileges privileges(List<String> clusterPrivileges, String opaqueId) {
        try {
            var answer = channel.send("has privileges", opaqueId,
                    client -> client.security().hasPrivileges(r -> r.cluster(clusterPrivileges)));
            Map<String, Boolean> held = new LinkedHashMap<>();
            clusterPrivileges.forEach(p -> held.put(p, Boolean.TRUE.equals(answer.cluster().get(p))));
            return new Privileges(true, answer.username(), held);
        } catch (ElasticsearchError e) {
            // The client reads that answer's string error as reason, with type "http_status_400".
            if (e.status() == 400 && e.reason() != null && e.reason().startsWith("no handler found for uri")) {
                return new Privileges(false, null, Map.of());
            }
            throw e;
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
