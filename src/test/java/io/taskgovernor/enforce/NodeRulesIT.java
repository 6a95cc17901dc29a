package io.taskgovernor.enforce;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.testing.CountingTasksApi;
import io.taskgovernor.testing.EsHttp;
import io.taskgovernor.testing.RunawayTasks;
import io.taskgovernor.testing.SharedElasticsearch;
import io.taskgovernor.testing.TwoNodeCluster;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rule naming the warm node stops the work running there, on a real two-node cluster: the index
 * lives on the warm (data-only) node, the search is sent to and coordinated by the hot node. The
 * rule's nodes are resolved through Elasticsearch, the listing is narrowed to the warm node's id,
 * where only the search's shard-level child runs; that child, whose parent is not listed, is
 * judged on its own and cancelled, and the search ends with the cancellation.
 */
class NodeRulesIT {
    private static TwoNodeCluster cluster;
    private static RunawayTasks runaway;

    @BeforeAll
    static void start() {
        cluster = SharedElasticsearch.twoNodes();
        runaway = RunawayTasks.onNode(cluster.hot().http(), cluster.warm().name());
        runaway.indexKeywordDocs();
    }

    /** A search cancelled before can run on for a while; each case starts on a quiet cluster. */
    @BeforeEach
    void noSearchRunning() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> runaway.tasks().stream().noneMatch(t -> t.path("action").asText().startsWith("indices:data/read/search")));
    }

    /** Each entry is one rule's nodes, entries separated by '|'. */
    @ParameterizedTest
    @ValueSource(strings = {"tier:warm", "warm-*", "data:true|master:false"})
    void aRuleOnTheWarmNodeStopsASearchCoordinatedOnTheHotNode(String nodes) {
        String opaqueId = "node-rule-" + nodes.replaceAll("[^a-z]", "");
        CompiledPolicy warmSearches = policy("warm-searches").url(cluster.hot().url())
                .rule(rule("warm", Duration.ofSeconds(1), "indices:data/read/search*").nodes(nodes.split("\\|")).build())
                .build();
        CompletableFuture<EsHttp.Response> search = runaway.startRunawaySearch(opaqueId);
        List<Decision> decisions;
        List<ListQuery> queries;
        AtomicReference<PassResult> last = new AtomicReference<>();
        try (CountingTasksApi tasks = new CountingTasksApi(new ElasticsearchTasksApi(new ClusterConnection(
                URI.create(cluster.hot().url()), ClusterCredentials.NONE, null, Duration.ofSeconds(10))))) {
            GovernancePass pass = new GovernancePass(Clock.systemUTC());

            decisions = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        PassResult result = pass.run(List.of(warmSearches), tasks);
                        last.set(result);
                        return result.decisions().stream().filter(d -> opaqueId.equals(d.task().opaqueId())).toList();
                    }, d -> !d.isEmpty());
            queries = tasks.queries();
        } catch (ConditionTimeoutException e) {
            PassResult result = last.get();
            throw new AssertionError("no decision on " + opaqueId + "; last pass: " + (result == null ? "none"
                    : result.failure() != null ? result.failure().getMessage()
                    : result.listing().tasks() + " warnings " + result.policies().get(0).warnings()), e);
        } finally {
            if (!search.isDone()) {
                cluster.hot().http().send("POST", "/_tasks/_cancel?actions=indices:data/read/search*", null, null);
            }
            await().atMost(Duration.ofMinutes(3)).until(search::isDone);
        }

        assertThat(queries).isNotEmpty().allSatisfy(q -> assertThat(q.nodes()).containsExactly(cluster.warm().id()));
        assertThat(decisions).allSatisfy(d -> {
            RunningTask task = d.task();
            assertThat(task.nodeId()).isEqualTo(cluster.warm().id());
            assertThat(task.action()).startsWith("indices:data/read/search[phase/");
            assertThat(task.parentTaskId()).startsWith(cluster.hot().id() + ":");
            assertThat(d.outcome()).isEqualTo(Outcome.CANCEL_REQUESTED);
        });
        assertThat(search.join().body()).contains("task_cancelled_exception");
    }
}
