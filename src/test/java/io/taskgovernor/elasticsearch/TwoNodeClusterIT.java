package io.taskgovernor.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgovernor.testing.EsHttp;
import io.taskgovernor.testing.RunawayTasks;
import io.taskgovernor.testing.SharedElasticsearch;
import io.taskgovernor.testing.TwoNodeCluster;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two-node harness forms one cluster, and a search sent to one node whose shard lives on the
 * other shows, through the governor's own list call, its coordinating task on the first node and
 * its shard child on the second.
 */
class TwoNodeClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TwoNodeCluster cluster;

    @BeforeAll
    static void start() {
        cluster = SharedElasticsearch.twoNodes();
    }

    @Test
    void theTwoNodesFormOneClusterWithTheirRolesAndTierAttributes() throws IOException {
        JsonNode nodes = JSON.readTree(cluster.warm().http().get("/_nodes?filter_path=nodes.*.name,nodes.*.roles,nodes.*.attributes.tier").body())
                .path("nodes");

        assertThat(nodes.size()).isEqualTo(2);
        assertThat(nodes.path(cluster.hot().id()).path("name").asText()).isEqualTo(cluster.hot().name()).startsWith("hot-");
        assertThat(nodes.path(cluster.hot().id()).path("attributes").path("tier").asText()).isEqualTo("hot");
        assertThat(nodes.path(cluster.warm().id()).path("name").asText()).isEqualTo(cluster.warm().name()).startsWith("warm-");
        assertThat(nodes.path(cluster.warm().id()).path("attributes").path("tier").asText()).isEqualTo("warm");
        assertThat(nodes.path(cluster.warm().id()).path("roles").toString()).isEqualTo("[\"data\"]");
        assertThat(JSON.readTree(cluster.hot().http().get("/_cat/master?format=json").body()).path(0).path("node").asText())
                .isEqualTo(cluster.hot().name());
    }

    @Test
    void aSearchSentToTheHotNodeIsCoordinatedThereAndItsShardWorkRunsOnTheWarmNode() {
        RunawayTasks runaway = RunawayTasks.onNode(cluster.hot().http(), cluster.warm().name());
        runaway.indexKeywordDocs();
        CompletableFuture<EsHttp.Response> search = runaway.startRunawaySearch("two-node-smoke");
        try (ElasticsearchTasksApi tasks = new ElasticsearchTasksApi(new ClusterConnection(URI.create(cluster.hot().url()),
                ClusterCredentials.NONE, null, Duration.ofSeconds(10)))) {
            ListQuery searches = new ListQuery(List.of("indices:data/read/search*"), List.of(), false, Duration.ofSeconds(5));

            List<RunningTask> tree = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> tasks.list(searches, "task-governor/list").tasks().stream()
                            .filter(t -> "two-node-smoke".equals(t.opaqueId())).toList(), t -> t.size() >= 2);

            RunningTask root = tree.stream().filter(t -> !t.isChild()).findFirst().orElseThrow();
            assertThat(root.action()).isEqualTo("indices:data/read/search");
            assertThat(root.nodeId()).isEqualTo(cluster.hot().id());
            assertThat(root.nodeName()).isEqualTo(cluster.hot().name());
            assertThat(tree).filteredOn(RunningTask::isChild).isNotEmpty().allSatisfy(child -> {
                assertThat(child.action()).startsWith("indices:data/read/search[phase/");
                assertThat(child.parentTaskId()).isEqualTo(root.id());
                assertThat(child.nodeId()).isEqualTo(cluster.warm().id());
                assertThat(child.nodeName()).isEqualTo(cluster.warm().name());
            });

            // Narrowed to the warm node, the listing holds the shard work only.
            ListQuery warmOnly = new ListQuery(List.of("indices:data/read/search*"), List.of(cluster.warm().name()), false,
                    Duration.ofSeconds(5));
            assertThat(tasks.list(warmOnly, "task-governor/list").tasks())
                    .filteredOn(t -> "two-node-smoke".equals(t.opaqueId()))
                    .isNotEmpty().allSatisfy(t -> assertThat(t.parentTaskId()).isEqualTo(root.id()));

            assertThat(tasks.cancel(root.id(), "task-governor/test").status()).isEqualTo(CancelResult.Status.ACCEPTED);
        } finally {
            await().atMost(Duration.ofSeconds(90)).until(search::isDone);
        }
        assertThat(Optional.ofNullable(search.join().body())).hasValueSatisfying(b -> assertThat(b).contains("task_cancelled_exception"));
    }
}
