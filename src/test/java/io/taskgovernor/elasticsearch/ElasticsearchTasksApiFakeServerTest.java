package io.taskgovernor.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskgovernor.testing.ScriptedHttpServer;
import io.taskgovernor.testing.ScriptedHttpServer.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Tasks API client against a scripted HTTP server, for answers a real node cannot be made to
 * give on demand (API keys, which this distribution cannot create; node failures; 500s; broken
 * JSON; a hang).
 */
class ElasticsearchTasksApiFakeServerTest {
    private static final String LISTING = """
            {"node_failures":[{"type":"failed_node_exception","reason":"Failed node [n2]","node_id":"n2",
               "caused_by":{"type":"receive_timeout_transport_exception","reason":"timed out"}}],
             "nodes":{"n1":{"name":"es-0","transport_address":"127.0.0.1:9300","host":"127.0.0.1","ip":"127.0.0.1:9300",
               "tasks":{
                 "n1:7":{"node":"n1","id":7,"type":"transport","action":"indices:data/read/search",
                   "start_time_in_millis":1700000000000,"running_time_in_nanos":12000000000,"cancellable":true,
                   "cancelled":false,"headers":{"X-Opaque-Id":"dash-1"}},
                 "n1:8":{"node":"n1","id":8,"type":"transport","action":"indices:data/read/search[phase/query]",
                   "start_time_in_millis":1700000000001,"running_time_in_nanos":11000000000,"cancellable":true,
                   "parent_task_id":"n1:7","headers":{}}}}}}
            """;

    private ScriptedHttpServer server;

    private ElasticsearchTasksApi client(ClusterCredentials credentials, Duration timeout) {
        return new ElasticsearchTasksApi(new ClusterConnection(URI.create(server.url()), credentials, null, timeout));
    }

    private static ListQuery query() {
        return new ListQuery(List.of("indices:data/read/search*", "cluster:monitor/health"), List.of("es-0"), false,
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listsTasksWithNodeNamesParentsAndHeadersAndReportsNodeFailures() {
        server = new ScriptedHttpServer(r -> Reply.json(200, LISTING));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            TaskListing listing = api.list(query(), "task-governor/list");

            assertThat(listing.tasks()).hasSize(2);
            RunningTask root = listing.tasks().stream().filter(t -> t.id().equals("n1:7")).findFirst().orElseThrow();
            assertThat(root.nodeName()).isEqualTo("es-0");
            assertThat(root.opaqueId()).isEqualTo("dash-1");
            assertThat(root.runningTimeMillis()).isEqualTo(12_000);
            assertThat(listing.tasks()).anySatisfy(t -> assertThat(t.parentTaskId()).isEqualTo("n1:7"));
            assertThat(listing.nodeFailures()).singleElement().satisfies(f -> {
                assertThat(f.nodeId()).isEqualTo("n2");
                assertThat(f.reason()).contains("timed out");
            });
        }
    }

    @Test
    void sendsOneFilteredListCallWithTheGovernorsOpaqueIdAndTheApiKey() {
        server = new ScriptedHttpServer(r -> Reply.json(200, LISTING));
        try (ElasticsearchTasksApi api = client(new ClusterCredentials.ApiKey("a2V5aWQ6c2VjcmV0"), Duration.ofSeconds(5))) {
            api.list(query(), "task-governor/list");
        }

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).startsWith("/_tasks?")
                    .contains("actions=indices%3Adata%2Fread%2Fsearch*%2Ccluster%3Amonitor%2Fhealth")
                    .contains("nodes=es-0").contains("group_by=nodes").contains("timeout=5000ms")
                    .contains("detailed=false").contains("filter_path=nodes.*.name%2Cnodes.*.tasks.*.node");
            assertThat(r.header("Authorization")).isEqualTo("ApiKey a2V5aWQ6c2VjcmV0");
            assertThat(r.header("X-Opaque-Id")).isEqualTo("task-governor/list");
        });
    }

    @Test
    void cancelNeverAsksTheServerToWait() {
        server = new ScriptedHttpServer(r -> Reply.json(200, "{\"nodes\":{}}"));
        try (ElasticsearchTasksApi api = client(new ClusterCredentials.Basic("u", "p"), Duration.ofSeconds(5))) {
            assertThat(api.cancel("n1:7", "task-governor/ns/p").status()).isEqualTo(CancelResult.Status.ACCEPTED);
        }

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).startsWith("/_tasks/n1:7/_cancel").contains("wait_for_completion=false");
            assertThat(r.header("Authorization")).isEqualTo("Basic dTpw");
            assertThat(r.header("X-Opaque-Id")).isEqualTo("task-governor/ns/p");
        });
    }

    @Test
    void aCancelAnswered404MeansTheTaskAlreadyFinished() {
        server = new ScriptedHttpServer(r -> Reply.json(404, """
                {"error":{"type":"resource_not_found_exception","reason":"task [n1:7] is not found"},"status":404}"""));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThat(api.cancel("n1:7", "task-governor/p").status()).isEqualTo(CancelResult.Status.NOT_FOUND);
        }
    }

    @Test
    void aListingAnswered404IsABadResponseNamingTheUrl() {
        server = new ScriptedHttpServer(r -> Reply.json(404, "{\"error\":\"no handler found\",\"status\":404}"));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> api.list(query(), "task-governor/list"))
                    .isInstanceOf(ClusterResponseException.class).hasMessageContaining("404").hasMessageContaining("URL");
        }
    }

    @Test
    void aHundredThousandTaskListingIsReadWhole() {
        StringBuilder json = new StringBuilder("{\"nodes\":{\"n1\":{\"name\":\"es-0\",\"tasks\":{");
        for (int i = 0; i < 100_000; i++) {
            json.append(i == 0 ? "" : ",").append("\"n1:").append(i).append("\":{\"node\":\"n1\",\"id\":").append(i)
                    .append(",\"type\":\"transport\",\"action\":\"indices:data/write/bulk[s]\",\"start_time_in_millis\":1,")
                    .append("\"running_time_in_nanos\":").append(i * 1000L).append(",\"cancellable\":false,\"headers\":{}}");
        }
        json.append("}}}}");
        String body = json.toString();
        server = new ScriptedHttpServer(r -> Reply.json(200, body));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(30))) {
            TaskListing listing = api.list(query(), "task-governor/list");
            assertThat(listing.tasks()).hasSize(100_000);
            assertThat(listing.tasks()).anySatisfy(t -> assertThat(t.id()).isEqualTo("n1:99999"));
        }
    }

    @Test
    void unauthorizedAndForbiddenAreTheirOwnKindOfFailure() {
        server = new ScriptedHttpServer(r -> Reply.json(401, """
                {"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate user [u]"}],
                 "type":"security_exception","reason":"unable to authenticate user [u]"},"status":401}"""));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> api.list(query(), "task-governor/list"))
                    .isInstanceOf(ClusterUnauthorizedException.class).hasMessageContaining("401");
        }
        server.script(r -> Reply.json(403, """
                {"error":{"type":"security_exception","reason":"action [cluster:monitor/tasks/lists] is unauthorized"},"status":403}"""));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> api.list(query(), "task-governor/list"))
                    .isInstanceOf(ClusterUnauthorizedException.class).hasMessageContaining("403");
        }
    }

    @Test
    void serverErrorsAreUnavailabilityAndBrokenJsonIsABadResponse() {
        server = new ScriptedHttpServer(r -> Reply.json(500, "{\"error\":{\"type\":\"exception\",\"reason\":\"boom\"},\"status\":500}"));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> api.list(query(), "task-governor/list")).isInstanceOf(ClusterUnavailableException.class);
        }
        server.script(r -> Reply.json(200, LISTING.substring(0, LISTING.length() / 2)));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> api.list(query(), "task-governor/list")).isInstanceOf(ClusterResponseException.class);
        }
    }

    @Test
    void aHangingServerCostsNoMoreThanTheRequestTimeout() {
        server = new ScriptedHttpServer(r -> Reply.hangs());
        long started = System.nanoTime();
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofMillis(800))) {
            assertThatThrownBy(() -> api.list(query(), "task-governor/list"))
                    .isInstanceOf(ClusterUnavailableException.class).hasMessageContaining("Timeout");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    /** As Elasticsearch 8.19.21 answered the governor's {@code _nodes} call for the pattern warm-&#42;. */
    private static final String NODES_WARM = "{\"nodes\":{\"U_kZy33RSKmv_61IKFTEpA\":{\"name\":\"warm-1\"}}}";

    @Test
    void resolvesANodeSpecificationWithoutMetricsAndWithTheGovernorsOpaqueId() {
        server = new ScriptedHttpServer(r -> Reply.json(200, NODES_WARM));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThat(api.resolveNodes("tier:warm,master:false", Duration.ofMillis(2500), "task-governor/nodes"))
                    .containsExactly("U_kZy33RSKmv_61IKFTEpA");
        }

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).startsWith("/_nodes/tier%3Awarm,master%3Afalse/_none?")
                    .contains("filter_path=nodes.*.name%2C_nodes.failures.node_id").contains("timeout=2500ms");
            assertThat(r.header("X-Opaque-Id")).isEqualTo("task-governor/nodes");
        });
    }

    @Test
    void aSpecificationSelectingNoNodeResolvesToNone() {
        // 8.19.21 answers "{}": filter_path drops the empty nodes object.
        server = new ScriptedHttpServer(r -> Reply.json(200, "{}"));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThat(api.resolveNodes("wram-*", null, "task-governor/nodes")).isEmpty();
        }
    }

    @Test
    void aSelectedNodeThatDidNotAnswerIsSelectedAllTheSame() {
        // The header Elasticsearch writes for a nodes request one node failed (RestActions.buildNodesHeader,
        // FailedNodeException.metadataToXContent), filtered to the failures' node ids.
        server = new ScriptedHttpServer(r -> Reply.json(200, """
                {"_nodes":{"failures":[{"node_id":"sLoWnOdE000000000000AA"}]},
                 "nodes":{"U_kZy33RSKmv_61IKFTEpA":{"name":"warm-1"}}}
                """));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThat(api.resolveNodes("warm-*", Duration.ofSeconds(1), "task-governor/nodes"))
                    .containsExactlyInAnyOrder("U_kZy33RSKmv_61IKFTEpA", "sLoWnOdE000000000000AA");
        }
    }

    @Test
    void aRefusedOrBrokenResolutionIsAClusterFailureOfItsKind() {
        // What 8.19.21 answers for a role selector that is not true/false.
        server = new ScriptedHttpServer(r -> Reply.json(400, """
                {"error":{"root_cause":[{"type":"illegal_argument_exception","reason":"Failed to parse value [maybe] as only [true] or [false] are allowed."}],"type":"illegal_argument_exception","reason":"Failed to parse value [maybe] as only [true] or [false] are allowed."},"status":400}
                """));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> api.resolveNodes("data:maybe", null, "task-governor/nodes"))
                    .isInstanceOf(ClusterResponseException.class).hasMessageContaining("resolve nodes data:maybe")
                    .hasMessageContaining("HTTP 400");
            server.script(r -> Reply.json(403, """
                    {"error":{"type":"security_exception","reason":"action [cluster:monitor/nodes/info] is unauthorized"},"status":403}
                    """));
            assertThatThrownBy(() -> api.resolveNodes("warm-*", null, "task-governor/nodes"))
                    .isInstanceOf(ClusterUnauthorizedException.class);
            server.script(r -> Reply.json(200, "{\"nodes\":[]}"));
            assertThatThrownBy(() -> api.resolveNodes("warm-*", null, "task-governor/nodes"))
                    .isInstanceOf(ClusterResponseException.class).hasMessageContaining("malformed answer");
        }
    }
}
