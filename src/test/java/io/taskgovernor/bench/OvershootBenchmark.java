package io.taskgovernor.bench;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.enforce.ClusterPoller;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.ThreadPassScheduler;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.testing.ElasticsearchNode;
import io.taskgovernor.testing.RunawayTasks;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * End to end against a real node: how far past maxRuntime a task is when its cancellation is
 * acknowledged (the moment Elasticsearch sets its cancelled flag), for tasks first seen before
 * their deadline, at intervals of 5 s and 30 s. Not part of the default run; see the README.
 */
class OvershootBenchmark {
    private static final int SAMPLES = 20;

    @Test
    void overshootPastMaxRuntime() throws Exception {
        try (ElasticsearchNode node = ElasticsearchNode.start(ElasticsearchNode.Security.NONE)) {
            List<String> lines = new ArrayList<>();
            for (Duration interval : List.of(Duration.ofSeconds(5), Duration.ofSeconds(30))) {
                List<Long> overshoots = measure(node, interval);
                Collections.sort(overshoots);
                long median = overshoots.get(overshoots.size() / 2);
                long worst = overshoots.get(overshoots.size() - 1);
                lines.add(String.format("| %4ds | %2d | %4d ms | %4d ms |", interval.toSeconds(), overshoots.size(), median, worst));
            }
            System.out.println("\n| interval | samples | median overshoot | worst overshoot |\n|---|---|---|---|");
            lines.forEach(System.out::println);
        }
    }

    private static List<Long> measure(ElasticsearchNode node, Duration interval) throws InterruptedException {
        // maxRuntime longer than the interval: every task is listed at least once before its deadline.
        Duration maxRuntime = interval.plusSeconds(2);
        String prefix = "overshoot-" + interval.toSeconds() + "-";
        CompiledPolicy policy = policy("overshoot").interval(interval)
                .rule(rule("health", maxRuntime, "cluster:monitor/health").opaqueIds(prefix + "*").build())
                .maxPerRun(SAMPLES).build();
        List<Decision> decisions = new CopyOnWriteArrayList<>();
        RunawayTasks tasks = new RunawayTasks(node.http());
        var connection = new ClusterConnection(URI.create(node.url()), ClusterCredentials.NONE, null, Duration.ofSeconds(10));
        try (ClusterPoller poller = new ClusterPoller(connection, new ElasticsearchTasksApi(connection),
                new ThreadPassScheduler("poller-bench", Clock.systemUTC()), Clock.systemUTC(),
                (c, governed, result) -> decisions.addAll(result.decisions()), ClusterPoller.CLOSE_WAIT)) {
            poller.update(List.of(policy));
            long spread = interval.toMillis() * 3 / 2 / SAMPLES;
            int waitSeconds = (int) maxRuntime.toSeconds() + 60;
            for (int i = 0; i < SAMPLES; i++) {
                tasks.startHealthWait(prefix + i, waitSeconds);
                Thread.sleep(spread); // the scenario: task starts spread over the intervals, not a wait
            }
            await().atMost(maxRuntime.plus(interval.multipliedBy(3))).until(() -> decisions.size() >= SAMPLES);
        }
        assertThat(decisions).hasSize(SAMPLES);
        List<Long> overshoots = new ArrayList<>();
        for (Decision decision : decisions) {
            long due = decision.task().startTimeMillis() + maxRuntime.toMillis();
            overshoots.add(decision.decidedAt().toEpochMilli() - due);
        }
        return overshoots;
    }
}
