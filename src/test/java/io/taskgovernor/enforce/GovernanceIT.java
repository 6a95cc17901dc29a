package io.taskgovernor.enforce;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.testing.ElasticsearchNode;
import io.taskgovernor.testing.EsHttp;
import io.taskgovernor.testing.RunawayTasks;
import io.taskgovernor.testing.SharedNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine against a real Elasticsearch 8.19: real tasks, real cancellations. */
class GovernanceIT {
    @RegisterExtension
    static final SharedNode SHARED = new SharedNode();

    private static ElasticsearchNode node;
    private static RunawayTasks runaway;
    private static ElasticsearchTasksApi tasks;
    private final GovernancePass pass = new GovernancePass(Clock.systemUTC());

    @BeforeAll
    static void start() {
        node = SHARED.node();
        runaway = SHARED.runaway();
        tasks = SHARED.tasks();
        runaway.indexKeywordDocs();
    }

    private static io.taskgovernor.testing.PolicyBuilder.RuleBuilder searches(Duration max) {
        return rule("searches", max, "indices:data/read/search*");
    }

    private PolicyResult onlyPolicy(PassResult result) {
        assertThat(result.failure()).isNull();
        assertThat(result.policies()).hasSize(1);
        return result.policies().get(0);
    }

    @Test
    void aRunawaySearchIsCancelledOnceWithItsShardTasksAndItsClientSeesTheCancellation() {
        CompletableFuture<EsHttp.Response> search = runaway.startRunawaySearch("dashboard-runaway");
        JsonNode root = runaway.awaitRunningLongerThan("indices:data/read/search", "dashboard-runaway", Duration.ofSeconds(1));

        CompiledPolicy policy = policy("searches").rule(searches(Duration.ofSeconds(1)).opaqueIds("dashboard-runaway").build())
                .waitFor(Duration.ofSeconds(60)).build();
        PolicyResult result = onlyPolicy(pass.run(List.of(policy), tasks));

        assertThat(result.decisions()).singleElement().satisfies(d -> {
            assertThat(d.task().id()).isEqualTo(RunawayTasks.idOf(root));
            assertThat(d.task().opaqueId()).isEqualTo("dashboard-runaway");
            assertThat(d.outcome()).isEqualTo(Outcome.CANCELLED);
        });
        // The root is gone when the wait returns; on 9.5 a shard-level task may take a moment longer to end.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(runaway.countWithOpaqueId("dashboard-runaway")).as("root and shard tasks gone").isZero());
        EsHttp.Response response = search.join();
        assertThat(response.status()).isNotEqualTo(200);
        assertThat(response.body()).contains("task_cancelled_exception");
    }

    /** Issue 7, item 1: the root does not match the rule, the item does; only the item is stopped. */
    @Test
    void anMsearchItemOverItsLimitIsCancelledAloneUnderASearchRule() throws Exception {
        CompletableFuture<EsHttp.Response> msearch = runaway.startMsearchWithOneRunawayItem("grafana-msearch");
        JsonNode root = runaway.awaitTask("indices:data/read/msearch", "grafana-msearch");
        String rootId = RunawayTasks.idOf(root);
        JsonNode item = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> runaway.tasks().stream()
                        .filter(t -> t.path("action").asText().equals("indices:data/read/search"))
                        .filter(t -> rootId.equals(t.path("parent_task_id").asText(null)))
                        .filter(t -> t.path("running_time_in_nanos").asLong() > Duration.ofSeconds(2).toNanos())
                        .findFirst(), java.util.Optional::isPresent).orElseThrow();

        CompiledPolicy policy = policy("searches").rule(searches(Duration.ofSeconds(2)).opaqueIds("grafana-msearch").build())
                .waitFor(Duration.ofSeconds(60)).build();
        PolicyResult result = onlyPolicy(pass.run(List.of(policy), tasks));

        assertThat(result.decisions()).singleElement().satisfies(d -> {
            assertThat(d.task().id()).isEqualTo(RunawayTasks.idOf(item));
            assertThat(d.task().parentTaskId()).isEqualTo(rootId);
            assertThat(d.outcome()).isIn(Outcome.CANCELLED, Outcome.CANCEL_REQUESTED);
        });
        // The item's shard task went with it, not beside it.
        String itemId = RunawayTasks.idOf(item);
        assertThat(result.evaluation().covered()).allSatisfy(v -> assertThat(v.task().parentTaskId()).isEqualTo(itemId));
        EsHttp.Response response = msearch.get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(response.status()).isEqualTo(200);
        JsonNode responses = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("responses");
        assertThat(responses).hasSize(2);
        assertThat(responses.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(responses.get(1).toString()).contains("task_cancelled_exception");
        assertThat(runaway.countWithOpaqueId("grafana-msearch")).as("the msearch and its tasks are gone").isZero();
    }

    @Test
    void aHealthWaitIsCancelledAndTheNextPassSeesItLingeringInsteadOfCancellingAgain() {
        runaway.startHealthWait("ops-health-1", 60);
        CompiledPolicy policy = policy("health").rule(rule("health", Duration.ofMillis(200), "cluster:monitor/health")
                .opaqueIds("ops-health-1").build()).build();
        runaway.awaitRunningLongerThan("cluster:monitor/health", "ops-health-1", Duration.ofMillis(200));

        PolicyResult first = onlyPolicy(pass.run(List.of(policy), tasks));
        assertThat(first.decisions()).singleElement()
                .satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.CANCEL_REQUESTED));
        assertThat(runaway.task("cluster:monitor/health", "ops-health-1").orElseThrow().path("cancelled").asBoolean()).isTrue();

        PolicyResult second = onlyPolicy(pass.run(List.of(policy), tasks));
        assertThat(second.decisions()).isEmpty();
        assertThat(second.evaluation().lingering()).singleElement()
                .satisfies(v -> assertThat(v.task().opaqueId()).isEqualTo("ops-health-1"));
    }

    @Test
    void theBoundedWaitReturnsCancelRequestedForATaskThatIgnoresItsCancellation() {
        runaway.startHealthWait("ops-health-2", 30);
        runaway.awaitRunningLongerThan("cluster:monitor/health", "ops-health-2", Duration.ofMillis(200));
        CompiledPolicy policy = policy("health").rule(rule("health", Duration.ofMillis(200), "cluster:monitor/health")
                        .opaqueIds("ops-health-2").build())
                .waitFor(Duration.ofSeconds(2)).build();

        long started = System.nanoTime();
        PolicyResult result = onlyPolicy(pass.run(List.of(policy), tasks));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.decisions()).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.CANCEL_REQUESTED);
            assertThat(d.reason()).as("the wait ran out; the cluster answered").isNull();
        });
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aTaskWithAnExcludedOpaqueIdIsUntouched() {
        runaway.startHealthWait("kibana-monitoring", 20);
        runaway.startHealthWait("ops-health-3", 20);
        runaway.awaitRunningLongerThan("cluster:monitor/health", "kibana-monitoring", Duration.ofMillis(200));
        runaway.awaitRunningLongerThan("cluster:monitor/health", "ops-health-3", Duration.ofMillis(200));
        CompiledPolicy policy = policy("health").rule(rule("health", Duration.ofMillis(200), "cluster:monitor/health")
                .opaqueIds("kibana-monitoring", "ops-health-3").excludeOpaqueIds("kibana-*").build()).build();

        PolicyResult result = onlyPolicy(pass.run(List.of(policy), tasks));

        assertThat(result.decisions()).extracting(d -> d.task().opaqueId()).containsExactly("ops-health-3");
        assertThat(runaway.task("cluster:monitor/health", "kibana-monitoring").orElseThrow().path("cancelled").asBoolean())
                .isFalse();
    }

    @Test
    void persistentTasksAndTheGovernorsOwnListingAreUntouchedByACatchAllRule() {
        CompiledPolicy everything = policy("all").rule(rule("all", Duration.ofMillis(1), "*").build()).dryRun().build();

        PassResult result = pass.run(List.of(everything), tasks);

        assertThat(result.listing().tasks()).anySatisfy(t -> assertThat(t.action()).isEqualTo("health-node[c]"));
        assertThat(onlyPolicy(result).decisions()).noneSatisfy(d -> assertThat(d.task().action()).isEqualTo("health-node[c]"));
        assertThat(onlyPolicy(result).decisions()).noneSatisfy(d -> assertThat(d.task().opaqueId()).startsWith("task-governor/"));
    }

    @Test
    void hotThreadsAreReportedAsNotCancellableAndNothingIsSent() {
        runaway.startHotThreads("ops-hot-threads");
        runaway.awaitRunningLongerThan("cluster:monitor/nodes/hot_threads", "ops-hot-threads", Duration.ofMillis(100));
        CompiledPolicy policy = policy("hot").rule(rule("hot", Duration.ofMillis(100), "cluster:monitor/nodes/hot_threads")
                .opaqueIds("ops-hot-threads").build()).build();

        PolicyResult result = onlyPolicy(pass.run(List.of(policy), tasks));

        assertThat(result.decisions()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.outcome()).isEqualTo(Outcome.NOT_CANCELLABLE));
        assertThat(runaway.task("cluster:monitor/nodes/hot_threads", "ops-hot-threads")).isPresent();
    }

    @Test
    void aDryRunCancelsNothing() {
        runaway.startHealthWait("ops-health-4", 20);
        runaway.awaitRunningLongerThan("cluster:monitor/health", "ops-health-4", Duration.ofMillis(200));
        CompiledPolicy policy = policy("dry").rule(rule("health", Duration.ofMillis(200), "cluster:monitor/health")
                        .opaqueIds("ops-health-4").build())
                .dryRun().build();

        PolicyResult result = onlyPolicy(pass.run(List.of(policy), tasks));

        assertThat(result.decisions()).anySatisfy(d -> {
            assertThat(d.task().opaqueId()).isEqualTo("ops-health-4");
            assertThat(d.outcome()).isEqualTo(Outcome.DRY_RUN);
        });
        assertThat(runaway.task("cluster:monitor/health", "ops-health-4").orElseThrow().path("cancelled").asBoolean()).isFalse();
    }

    @Test
    void cancellingATaskThatAlreadyEndedIsAlreadyFinished() {
        var result = tasks.cancel(firstNodeId() + ":999999999", "task-governor/test");
        assertThat(result.status()).isEqualTo(io.taskgovernor.elasticsearch.CancelResult.Status.NOT_FOUND);
        assertThat(tasks.awaitCompletion(firstNodeId() + ":999999999", Duration.ofSeconds(1), "task-governor/test"))
                .isEqualTo(io.taskgovernor.elasticsearch.AwaitResult.COMPLETED);
    }

    private static String firstNodeId() {
        return runaway.tasks().get(0).path("node").asText();
    }
}
