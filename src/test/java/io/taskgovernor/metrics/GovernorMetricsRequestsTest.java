package io.taskgovernor.metrics;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.enforce.GovernancePass;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.testing.FakeTasksApi;
import io.taskgovernor.testing.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The requests each cluster got, by call, from real passes over a scripted cluster. */
class GovernorMetricsRequestsTest {
    private static final ClusterConnection CLUSTER = new ClusterConnection(URI.create("http://es-a:9200"),
            ClusterCredentials.NONE, null, Duration.ofSeconds(10));

    @Test
    void listAndCancelCallsAreCountedPerClusterAndAPassBetweenListingsListsNothing() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
        Instant listedAt = clock.instant();
        FakeTasksApi cluster = new FakeTasksApi()
                .listing(() -> new TaskListing(listedAt, List.of(
                        task("n:1").runningSeconds(11).build(),
                        task("n:2").running(Duration.ofMillis(9_500)).build()), List.of()))
                .onCancel("n:2", () -> new CancelResult(CancelResult.Status.NOT_FOUND, null));
        CompiledPolicy policy = policy("p").rule(rule("s", Duration.ofSeconds(10), "indices:data/read/search*").build()).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GovernorMetrics metrics = new GovernorMetrics(registry);
        GovernancePass pass = new GovernancePass(clock);

        metrics.onPass(CLUSTER, pass.run(List.of(policy), cluster));
        clock.advance(Duration.ofSeconds(1));
        metrics.onPass(CLUSTER, pass.runOnLastListing(List.of(policy), cluster, clock.instant()));

        assertThat(requests(registry, "list")).isEqualTo(1);
        assertThat(requests(registry, "cancel")).as("n:1 at the listing, n:2 (finished) by id").isEqualTo(2);
        assertThat(requests(registry, "nodes")).isZero();
        assertThat(registry.get("taskgovernor.tasks.listed").counter().count()).as("listed once").isEqualTo(2);
    }

    private static double requests(SimpleMeterRegistry registry, String call) {
        return registry.get("taskgovernor.elasticsearch.requests").tags("cluster", "es-a:9200", "call", call).counter().count();
    }
}
