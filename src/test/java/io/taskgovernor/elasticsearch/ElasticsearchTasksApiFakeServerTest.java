package io.taskgovernor.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskgovernor.testing.ScriptedHttpServer;
import io.taskgovernor.testing.ScriptedHttpServer.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ElasticsearchTasksApi}: every status and body shape Elasticsearch 8.19 and
 * 9.x answer for list, cancel, get and nodes, and what each becomes. Served by a scripted HTTP server
 * because a real node cannot be made to give most of them on demand (API keys, which this
 * distribution cannot create; node failures; 429, 500s and 503; broken JSON; a hang). Each body says
 * where its shape comes from; those marked 8.19.21 were taken from a real node's answer.
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
                    .contains("detailed=false").contains("filter_path=nodes.*.name%2Cnodes.*.tasks.*.node%2Cnodes.*.tasks.*.type")
                    .as("the numeric id is not read: the task's key is its id").doesNotContain("tasks.*.id");
            assertThat(r.header("Authorization")).isEqualTo("ApiKey a2V5aWQ6c2VjcmV0");
            assertThat(r.header("X-Opaque-Id")).isEqualTo("task-governor/list");
        });
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
            // Read in answer order: the last task is the last one written.
            assertThat(listing.tasks().get(99_999).id()).isEqualTo("n1:99999");
            assertThat(listing.tasks().get(99_999).runningTimeNanos()).isEqualTo(99_999_000L);
        }
    }

    // --- Error answers, shared by every call. Bodies as Elasticsearch writes every failed request
    // (ElasticsearchException.generateFailureXContent: {"error":{"root_cause":[...],"type","reason"},"status"});
    // the 401 and 403 as 8.19.21 answered them by hand on a node with security on (no X-Elastic-Product).

    private static final String UNAUTHENTICATED = """
            {"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate user [observer] for REST request [/_tasks?group_by=nodes]","header":{"WWW-Authenticate":["Basic realm=\\"security\\", charset=\\"UTF-8\\"","ApiKey"]}}],"type":"security_exception","reason":"unable to authenticate user [observer] for REST request [/_tasks?group_by=nodes]","header":{"WWW-Authenticate":["Basic realm=\\"security\\", charset=\\"UTF-8\\"","ApiKey"]}},"status":401}""";
    private static final String CANCEL_FORBIDDEN_REASON = "action [cluster:admin/tasks/cancel] is unauthorized for user "
            + "[observer] with effective roles [task_observer], this action is granted by the cluster privileges "
            + "[cancel_task,manage,all]";
    private static final String CANCEL_FORBIDDEN = "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\""
            + CANCEL_FORBIDDEN_REASON + "\"}],\"type\":\"security_exception\",\"reason\":\"" + CANCEL_FORBIDDEN_REASON
            + "\"},\"status\":403}";
    /** A search thread pool full (EsRejectedExecutionException is a 429). */
    private static final String TOO_MANY_REQUESTS = """
            {"error":{"root_cause":[{"type":"es_rejected_execution_exception","reason":"rejected execution of TimedRunnable on EsThreadPoolExecutor[name = es-0/management, queue capacity = 1000]"}],"type":"es_rejected_execution_exception","reason":"rejected execution of TimedRunnable on EsThreadPoolExecutor[name = es-0/management, queue capacity = 1000]"},"status":429}""";
    /** A node whose cluster state is not recovered yet (ClusterBlockException with a SERVICE_UNAVAILABLE block). */
    private static final String UNAVAILABLE = """
            {"error":{"root_cause":[{"type":"cluster_block_exception","reason":"blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];"}],"type":"cluster_block_exception","reason":"blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];"},"status":503}""";

    private interface ApiCall {
        void on(ElasticsearchTasksApi api);
    }

    private static final Map<String, ApiCall> EVERY_CALL = Map.of(
            "list", api -> api.list(query(), "task-governor/list"),
            "resolve nodes", api -> api.resolveNodes("warm-*", null, "task-governor/nodes"),
            "cancel", api -> api.cancel("n1:7", "task-governor/p"),
            "wait", api -> api.awaitCompletion("n1:7", Duration.ofSeconds(1), "task-governor/p"));

    private void everyCallFailsWith(Reply reply, java.util.function.Consumer<ClusterException> check) {
        server = new ScriptedHttpServer(r -> reply);
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            EVERY_CALL.forEach((name, call) -> assertThatThrownBy(() -> call.on(api)).as(name)
                    .isInstanceOfSatisfying(ClusterException.class, check));
        }
    }

    @Test
    void a401OnAnyCallIsAnUnauthorizedErrorWithElasticsearchsTypeAndReason() {
        everyCallFailsWith(Reply.withoutProductHeader(401, UNAUTHENTICATED), e -> {
            assertThat(e).isInstanceOf(ElasticsearchError.class);
            ElasticsearchError error = (ElasticsearchError) e;
            assertThat(error.status()).isEqualTo(401);
            assertThat(error.isUnauthorized()).isTrue();
            assertThat(error.isUnavailable()).isFalse();
            assertThat(error.type()).isEqualTo("security_exception");
            assertThat(error.reason()).startsWith("unable to authenticate user [observer]");
            assertThat(error.getMessage()).contains(server.url(), "HTTP 401 security_exception: unable to authenticate");
        });
    }

    @Test
    void aRefusedCancelIsA403CarryingElasticsearchsReasonVerbatim() {
        server = new ScriptedHttpServer(r -> Reply.withoutProductHeader(403, CANCEL_FORBIDDEN));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> api.cancel("n1:7", "task-governor/p"))
                    .isInstanceOfSatisfying(ElasticsearchError.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.isUnauthorized()).isTrue();
                        assertThat(e.isNotFound()).isFalse();
                        assertThat(e.type()).isEqualTo("security_exception");
                        assertThat(e.reason()).isEqualTo(CANCEL_FORBIDDEN_REASON);
                        // The form CancelRefusal quotes and README shows.
                        assertThat(e.getMessage()).isEqualTo("cancel task n1:7 on " + server.url()
                                + ": HTTP 403 security_exception: " + CANCEL_FORBIDDEN_REASON);
                    });
        }
    }

    @Test
    void a429Or503OnAnyCallIsUnavailability() {
        everyCallFailsWith(Reply.json(429, TOO_MANY_REQUESTS), e -> {
            assertThat(e.isUnavailable()).isTrue();
            assertThat(e.isUnauthorized()).isFalse();
            assertThat(((ElasticsearchError) e).type()).isEqualTo("es_rejected_execution_exception");
        });
        server.close();
        everyCallFailsWith(Reply.json(503, UNAVAILABLE), e -> {
            assertThat(e.isUnavailable()).isTrue();
            assertThat(((ElasticsearchError) e).type()).isEqualTo("cluster_block_exception");
            assertThat(e.getMessage()).contains("HTTP 503 cluster_block_exception: blocked by");
        });
    }

    @Test
    void anErrorPageThatIsNotElasticsearchsJsonKeepsItsStatus() {
        // A load balancer's 502/503 page: neither JSON nor Elasticsearch's.
        everyCallFailsWith(Reply.withoutProductHeader(502, "<html><body>502 Bad Gateway</body></html>"), e -> {
            assertThat(e).isInstanceOfSatisfying(ElasticsearchError.class, error -> {
                assertThat(error.status()).isEqualTo(502);
                assertThat(error.type()).isNull();
                assertThat(error.reason()).isNull();
            });
            assertThat(e.isUnavailable()).isTrue();
        });
    }

    @Test
    void aSuccessWithoutTheProductHeaderIsNotElasticsearch() {
        // The official client's product check: some other HTTP server answered 200.
        everyCallFailsWith(Reply.withoutProductHeader(200, "{}"), e -> {
            assertThat(e).isInstanceOf(ClusterResponseException.class);
            assertThat(e.getMessage()).contains("not an Elasticsearch answer", "X-Elastic-Product");
            assertThat(e.isUnavailable()).isFalse();
            assertThat(e.isUnauthorized()).isFalse();
        });
    }

    @Test
    void brokenJsonOnAnyCallIsAMalformedAnswer() {
        everyCallFailsWith(Reply.json(200, "{\"nodes\":{\"n1\":{\"tasks\":{\"n1:7\":{\"node\":"), e -> {
            assertThat(e).isInstanceOf(ClusterResponseException.class);
            assertThat(e.getMessage()).contains("malformed answer");
        });
    }

    @Test
    void noAnswerWithinTheRequestTimeoutIsUnavailability() {
        server = new ScriptedHttpServer(r -> Reply.hangs());
        long started = System.nanoTime();
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofMillis(800))) {
            assertThatThrownBy(() -> api.list(query(), "task-governor/list"))
                    .isInstanceOf(ClusterUnavailableException.class).hasMessageContaining("Timeout");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aListingAnswered404IsNotFoundNamingTheUrl() {
        server = new ScriptedHttpServer(r -> Reply.withoutProductHeader(404, "{\"error\":\"no handler found\",\"status\":404}"));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> api.list(query(), "task-governor/list"))
                    .isInstanceOfSatisfying(ElasticsearchError.class, e -> {
                        assertThat(e.isNotFound()).isTrue();
                        assertThat(e.isUnavailable()).isFalse();
                    })
                    .hasMessageContaining("list tasks on " + server.url()).hasMessageContaining("HTTP 404");
        }
    }

    // --- Cancel: POST _tasks/<id>/_cancel?wait_for_completion=false

    @Test
    void cancelNeverAsksTheServerToWaitAndAsksOnlyForFailures() {
        // 8.19.21 answers an accepted cancel filtered to the failures with {}.
        server = new ScriptedHttpServer(r -> Reply.json(200, "{}"));
        try (ElasticsearchTasksApi api = client(new ClusterCredentials.Basic("u", "p"), Duration.ofSeconds(5))) {
            assertThat(api.cancel("n1:7", "task-governor/ns/p")).isEqualTo(CancelResult.accepted());
        }

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).startsWith("/_tasks/n1:7/_cancel?").contains("wait_for_completion=false")
                    .contains("filter_path=node_failures%2Ctask_failures");
            assertThat(r.header("Authorization")).isEqualTo("Basic dTpw");
            assertThat(r.header("X-Opaque-Id")).isEqualTo("task-governor/ns/p");
        });
    }

    @Test
    void anUnfilteredAcceptedCancelListingTheTaskIsAccepted() {
        // The unfiltered shape (a listing of the cancelled task), as a proxy stripping filter_path would pass it on.
        server = new ScriptedHttpServer(r -> Reply.json(200, """
                {"nodes":{"n1":{"name":"es-0","tasks":{"n1:7":{"node":"n1","id":7,"type":"transport",
                 "action":"indices:data/read/search","start_time_in_millis":1700000000000,"running_time_in_nanos":12000000000,
                 "cancellable":true,"cancelled":true,"headers":{}}}}}}"""));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThat(api.cancel("n1:7", "task-governor/p").status()).isEqualTo(CancelResult.Status.ACCEPTED);
        }
    }

    @Test
    void aCancelOfAFinishedTaskAnswered200WithANodeFailureIsNotFound() {
        // As 8.19.21 answered a cancel of an unknown task on an existing node, then on a node not in the cluster.
        server = new ScriptedHttpServer(r -> Reply.json(200, """
                {"node_failures":[{"type":"failed_node_exception","reason":"Failed node [Tc7KmZp3Sy2ZgCzh1kc0SQ]","node_id":"Tc7KmZp3Sy2ZgCzh1kc0SQ","caused_by":{"type":"resource_not_found_exception","reason":"task [Tc7KmZp3Sy2ZgCzh1kc0SQ:999999999] is not found"}}]}"""));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            CancelResult gone = api.cancel("Tc7KmZp3Sy2ZgCzh1kc0SQ:999999999", "task-governor/p");
            assertThat(gone.status()).isEqualTo(CancelResult.Status.NOT_FOUND);
            assertThat(gone.reason()).contains("is not found");
            server.script(r -> Reply.json(200, """
                    {"node_failures":[{"type":"failed_node_exception","reason":"Failed node [AAAAAAAAAAAAAAAAAAAAAA]","node_id":"AAAAAAAAAAAAAAAAAAAAAA","caused_by":{"type":"no_such_node_exception","reason":"No such node [AAAAAAAAAAAAAAAAAAAAAA]","node_id":"AAAAAAAAAAAAAAAAAAAAAA"}}],"nodes":{}}"""));
            assertThat(api.cancel("AAAAAAAAAAAAAAAAAAAAAA:1", "task-governor/p").status()).isEqualTo(CancelResult.Status.NOT_FOUND);
        }
    }

    @Test
    void aCancelAnswered404IsNotFound() {
        server = new ScriptedHttpServer(r -> Reply.json(404, """
                {"error":{"root_cause":[{"type":"resource_not_found_exception","reason":"task [n1:7] is not found"}],"type":"resource_not_found_exception","reason":"task [n1:7] is not found"},"status":404}"""));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            CancelResult gone = api.cancel("n1:7", "task-governor/p");
            assertThat(gone.status()).isEqualTo(CancelResult.Status.NOT_FOUND);
            assertThat(gone.reason()).contains("HTTP 404 resource_not_found_exception");
        }
    }

    @Test
    void aTaskFailureOrAnotherNodeFailureIsARefusalWithItsReason() {
        // TaskOperationFailure.toXContent: task_id, node_id, status, reason (an ErrorCause).
        server = new ScriptedHttpServer(r -> Reply.json(200, """
                {"task_failures":[{"task_id":7,"node_id":"n1","status":"BAD_REQUEST","reason":{"type":"illegal_argument_exception","reason":"task [n1:7] doesn't support cancellation"}}]}"""));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThat(api.cancel("n1:7", "task-governor/p")).isEqualTo(new CancelResult(CancelResult.Status.REFUSED,
                    "illegal_argument_exception: task [n1:7] doesn't support cancellation"));
            server.script(r -> Reply.json(200, """
                    {"node_failures":[{"type":"failed_node_exception","reason":"Failed node [n1]","node_id":"n1","caused_by":{"type":"receive_timeout_transport_exception","reason":"timed out"}}]}"""));
            assertThat(api.cancel("n1:7", "task-governor/p")).isEqualTo(new CancelResult(CancelResult.Status.REFUSED,
                    "failed_node_exception: Failed node [n1]: timed out"));
        }
    }

    // --- Bounded wait: GET _tasks/<id>?wait_for_completion=true&timeout=<t>

    @Test
    void aWaitAsksForCompletionWithinItsTimeoutAndReadsCompleted() {
        server = new ScriptedHttpServer(r -> Reply.json(200, "{\"completed\":true}"));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThat(api.awaitCompletion("n1:7", Duration.ofMillis(1500), "task-governor/p")).isEqualTo(AwaitResult.COMPLETED);
        }
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).startsWith("/_tasks/n1:7?").contains("wait_for_completion=true")
                    .contains("timeout=1500ms").contains("filter_path=completed");
            assertThat(r.header("X-Opaque-Id")).isEqualTo("task-governor/p");
        });
    }

    @Test
    void anExpiredWaitAnswered500TimeoutExceptionIsStillRunning() {
        // TransportGetTaskAction: the wait ends in an ElasticsearchTimeoutException, which Elasticsearch 8.19 and 9.x
        // write as 500 timeout_exception (seen on real nodes by LeastPrivilegeIT and GovernanceIT).
        server = new ScriptedHttpServer(r -> Reply.json(500, """
                {"error":{"root_cause":[{"type":"timeout_exception","reason":"Timed out waiting for completion of task [n1:7]"}],"type":"timeout_exception","reason":"Timed out waiting for completion of task [n1:7]"},"status":500}"""));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThat(api.awaitCompletion("n1:7", Duration.ofMillis(100), "task-governor/p")).isEqualTo(AwaitResult.STILL_RUNNING);
            // Any other 500 is no verdict on the task.
            server.script(r -> Reply.json(500, "{\"error\":{\"type\":\"exception\",\"reason\":\"boom\"},\"status\":500}"));
            assertThatThrownBy(() -> api.awaitCompletion("n1:7", Duration.ofMillis(100), "task-governor/p"))
                    .isInstanceOfSatisfying(ElasticsearchError.class, e -> assertThat(e.isUnavailable()).isTrue());
        }
    }

    @Test
    void aWaitForAnUnknownTaskAnswered404IsCompleted() {
        // As 8.19.21 answered a get of a task that is not running and stored no result.
        server = new ScriptedHttpServer(r -> Reply.json(404, """
                {"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [.tasks]","resource.type":"index_or_alias","resource.id":".tasks","index_uuid":"_na_","index":".tasks"}],"type":"resource_not_found_exception","reason":"task [Tc7KmZp3Sy2ZgCzh1kc0SQ:999999999] isn't running and hasn't stored its results","caused_by":{"type":"index_not_found_exception","reason":"no such index [.tasks]","resource.type":"index_or_alias","resource.id":".tasks","index_uuid":"_na_","index":".tasks"}},"status":404}"""));
        try (ElasticsearchTasksApi api = client(ClusterCredentials.NONE, Duration.ofSeconds(5))) {
            assertThat(api.awaitCompletion("Tc7KmZp3Sy2ZgCzh1kc0SQ:999999999", Duration.ofMillis(100), "task-governor/p"))
                    .isEqualTo(AwaitResult.COMPLETED);
        }
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
            assertThat(r.path()).startsWith("/_nodes/tier:warm,master:false/_none?")
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
                    .isInstanceOfSatisfying(ElasticsearchError.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.type()).isEqualTo("illegal_argument_exception");
                    })
                    .hasMessageContaining("resolve nodes data:maybe").hasMessageContaining("HTTP 400");
            server.script(r -> Reply.json(403, """
                    {"error":{"type":"security_exception","reason":"action [cluster:monitor/nodes/info] is unauthorized"},"status":403}
                    """));
            assertThatThrownBy(() -> api.resolveNodes("warm-*", null, "task-governor/nodes"))
                    .isInstanceOfSatisfying(ElasticsearchError.class, e -> assertThat(e.isUnauthorized()).isTrue());
            server.script(r -> Reply.json(200, "{\"nodes\":[]}"));
            assertThatThrownBy(() -> api.resolveNodes("warm-*", null, "task-governor/nodes"))
                    .isInstanceOf(ClusterResponseException.class).hasMessageContaining("malformed answer");
        }
    }
}
