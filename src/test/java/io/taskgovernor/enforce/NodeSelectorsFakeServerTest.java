package io.taskgovernor.enforce;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.testing.ScriptedHttpServer;
import io.taskgovernor.testing.ScriptedHttpServer.Reply;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A rule's nodes mean what Elasticsearch means by them: a pattern, an attribute, a role or
 * {@code _local} is resolved through {@code _nodes}, and tasks are matched by node id. Scripted,
 * because a real single node cannot show a task on "the warm node" beside another node.
 *
 * <p>Answer shapes: {@code _nodes/<spec>/_none?filter_path=nodes.*.name,_nodes.failures.node_id} as
 * Elasticsearch 8.19.21 wrote it for {@code warm-*}, {@code tier:warm}, {@code _local},
 * {@code data:true} and for a spec selecting no node ({@code {}}); the filtered {@code _tasks} answer
 * as in ElasticsearchTasksApiFakeServerTest.
 */
class NodeSelectorsFakeServerTest {
    private static final String WARM = "wArMnOdE0000000000000B";
    private static final String HOT = "hOtNoDe00000000000000A";
    private static final String NODES_WARM = "{\"nodes\":{\"" + WARM + "\":{\"name\":\"warm-1\"}}}";
    private static final String TASKS = """
            {"nodes":{"%1$s":{"name":"hot-1","tasks":{
               "%1$s:7":{"node":"%1$s","id":7,"type":"transport","action":"indices:data/read/search",
                 "start_time_in_millis":1700000000000,"running_time_in_nanos":30000000000,"cancellable":true,
                 "cancelled":false,"headers":{}}}},
             "%2$s":{"name":"warm-1","tasks":{
               "%2$s:42":{"node":"%2$s","id":42,"type":"transport","action":"indices:data/read/search",
                 "start_time_in_millis":1700000000000,"running_time_in_nanos":30000000000,"cancellable":true,
                 "cancelled":false,"headers":{}}}}}}
            """.formatted(HOT, WARM);

    private ScriptedHttpServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({"warm-*, warm-*", "tier:warm, tier:warm", "_local, _local", "data_warm:true, data_warm:true"})
    void aRuleOnNodesCancelsTheWorkOnTheNodesElasticsearchSelectsAndNoOther(String spec, String inPath) {
        server = new ScriptedHttpServer(r -> {
            if (r.path().startsWith("/_nodes/")) {
                return Reply.json(200, NODES_WARM);
            }
            if (r.path().startsWith("/_tasks?")) {
                return Reply.json(200, TASKS);
            }
            return Reply.json(200, "{\"nodes\":{}}");
        });
        CompiledPolicy policy = policy("warm").url(server.url())
                .rule(rule("warm-searches", Duration.ofSeconds(10), "indices:data/read/search*").nodes(spec).build()).build();

        try (ElasticsearchTasksApi api = new ElasticsearchTasksApi(new ClusterConnection(URI.create(server.url()),
                ClusterCredentials.NONE, null, Duration.ofSeconds(5)))) {
            PassResult result = new GovernancePass(Clock.systemUTC()).run(List.of(policy), api);

            assertThat(result.failure()).isNull();
            assertThat(result.decisions()).extracting(d -> d.task().id()).containsExactly(WARM + ":42");
        }
        assertThat(server.requests()).extracting(ScriptedHttpServer.Request::path)
                .anySatisfy(p -> assertThat(p).startsWith("/_nodes/" + inPath + "/_none?"))
                .anySatisfy(p -> assertThat(p).startsWith("/_tasks?").contains("nodes=" + WARM))
                .anySatisfy(p -> assertThat(p).startsWith("/_tasks/" + WARM + ":42/_cancel"))
                .noneSatisfy(p -> assertThat(p).contains(HOT + ":7"));
    }
}
