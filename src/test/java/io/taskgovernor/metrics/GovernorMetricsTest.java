package io.taskgovernor.metrics;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.enforce.GovernancePass;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.testing.FakeTasksApi;
import io.taskgovernor.testing.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The governor's series as Prometheus scrapes them, fed by real passes over a scripted cluster. */
class GovernorMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");
    private static final ClusterConnection CLUSTER = new ClusterConnection(URI.create("http://es-a:9200"),
            ClusterCredentials.NONE, null, Duration.ofSeconds(10));

    private final ManualClock clock = new ManualClock(NOW);
    private final FakeTasksApi cluster = new FakeTasksApi();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GovernorMetrics metrics = new GovernorMetrics(registry);
    private final GovernancePass pass = new GovernancePass(clock);

    private final CompiledPolicy enforcing = policy("enforcing")
            .rule(rule("health", Duration.ofSeconds(10), "cluster:monitor/*").build()).build();
    private final CompiledPolicy audit = policy("audit").dryRun()
            .rule(rule("searches", Duration.ofSeconds(10), "indices:data/read/search*").build()).build();

    /** A task that stays not cancellable, or stays a dry run's pick, is one decision however many passes see it. */
    @Test
    void twentyPassesOverTasksThatStayNotCancellableOrDryRunCountOneDecisionEach() {
        cluster.listing(() -> new TaskListing(clock.instant(), List.of(
                task("n:1").action("cluster:monitor/nodes/hot_threads").notCancellable().runningSeconds(60).build(),
                task("n:2").runningSeconds(60).build()), List.of()));

        for (int i = 0; i < 20; i++) {
            metrics.onPass(CLUSTER, pass.run(List.of(enforcing, audit), cluster));
            clock.advance(Duration.ofSeconds(15));
        }

        String scrape = registry.scrape();
        assertThat(sample(scrape, "taskgovernor_decisions_total", "outcome=\"NOT_CANCELLABLE\",policy=\"enforcing\",rule=\"health\""))
                .isEqualTo(1.0);
        assertThat(sample(scrape, "taskgovernor_decisions_total", "outcome=\"DRY_RUN\",policy=\"audit\",rule=\"searches\""))
                .isEqualTo(1.0);
    }

    /** 10 s + 27 ms: the overshoot belongs under le="0.1" (and le="0.05"), not first under le="1.0". */
    @Test
    void anOvershootOf27MillisecondsFillsTheSubSecondBuckets() {
        cluster.listing(() -> new TaskListing(clock.instant(), List.of(
                task("n:1").action("cluster:monitor/health").running(Duration.ofMillis(10_027)).build()), List.of()));

        metrics.onPass(CLUSTER, pass.run(List.of(enforcing), cluster));

        String scrape = registry.scrape();
        assertThat(sample(scrape, "taskgovernor_cancel_overshoot_seconds_bucket", "policy=\"enforcing\",le=\"0.1\""))
                .isEqualTo(1.0);
        assertThat(sample(scrape, "taskgovernor_cancel_overshoot_seconds_bucket", "policy=\"enforcing\",le=\"0.025\""))
                .isEqualTo(0.0);
        assertThat(sample(scrape, "taskgovernor_cancel_overshoot_seconds_sum", "policy=\"enforcing\""))
                .isEqualTo(0.027);
    }

    /** Overshoot measures how late the governor acted: a dry run and a not-cancellable task acted on nothing. */
    @Test
    void noOvershootIsRecordedWhenNoCancelIsSent() {
        cluster.listing(() -> new TaskListing(clock.instant(), List.of(
                task("n:1").action("cluster:monitor/nodes/hot_threads").notCancellable().runningSeconds(60).build(),
                task("n:2").runningSeconds(60).build()), List.of()));

        PassResult result = pass.run(List.of(enforcing, audit), cluster);
        metrics.onPass(CLUSTER, result);

        assertThat(result.decisions()).hasSize(2);
        assertThat(registry.scrape()).doesNotContain("taskgovernor_cancel_overshoot_seconds_count");
    }

    /**
     * Pass duration and lateness are Timers too (Micrometer's percentile buckets, which are not round
     * numbers): a 40 ms pass started 30 ms late is counted by the first bucket at or above each.
     */
    @Test
    void passDurationAndLatenessFillSubSecondBuckets() {
        cluster.listing(() -> {
            clock.advance(Duration.ofMillis(40));
            return new TaskListing(clock.instant(), List.of(), List.of());
        });
        Instant due = clock.instant();
        clock.advance(Duration.ofMillis(30));

        metrics.onPass(CLUSTER, pass.run(List.of(enforcing), cluster, due));

        String scrape = registry.scrape();
        assertThat(firstBucketFrom(scrape, "taskgovernor_pass_duration_seconds_bucket", 0.040)).isEqualTo(1.0);
        assertThat(lastBucketBelow(scrape, "taskgovernor_pass_duration_seconds_bucket", 0.040)).isEqualTo(0.0);
        assertThat(firstBucketFrom(scrape, "taskgovernor_pass_lateness_seconds_bucket", 0.030)).isEqualTo(1.0);
        assertThat(lastBucketBelow(scrape, "taskgovernor_pass_lateness_seconds_bucket", 0.030)).isEqualTo(0.0);
    }

    /** The count of the smallest bucket whose bound is at least {@code seconds}, and no more than 30% above. */
    private static double firstBucketFrom(String scrape, String name, double seconds) {
        Map.Entry<Double, Double> bucket = buckets(scrape, name).ceilingEntry(seconds);
        assertThat(bucket.getKey()).isLessThanOrEqualTo(seconds * 1.3);
        return bucket.getValue();
    }

    private static double lastBucketBelow(String scrape, String name, double seconds) {
        return buckets(scrape, name).lowerEntry(seconds).getValue();
    }

    private static TreeMap<Double, Double> buckets(String scrape, String name) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{cluster=\"es-a:9200\",le=\"([0-9.]+)\"} (\\S+)$")
                .matcher(scrape);
        while (m.find()) {
            buckets.put(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
        }
        assertThat(buckets).as("%s in%n%s", name, scrape).isNotEmpty();
        return buckets;
    }

    /** The value of one sample of the Prometheus text format, labels as the registry writes them (sorted). */
    private static double sample(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("%s{%s} in%n%s", name, labels, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
