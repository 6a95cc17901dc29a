package io.taskgovernor.bench;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.policy.ResolvedNodes;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.Evaluation;
import io.taskgovernor.policy.GovernorOpaqueId;
import io.taskgovernor.policy.ListQueryPlanner;
import io.taskgovernor.policy.TaskDecider;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The governor's own tick in a warm JVM, timed: one list call through {@link ElasticsearchTasksApi}
 * (the production client, over HTTP) and {@link TaskDecider#evaluate} with the typical policy.
 * Arguments: URL, warm-up runs, measured runs. Prints the median and mean in ms and the number of
 * tasks and violations seen, for bench/curl-jq.sh.
 */
public final class ListAndDecide {
    private ListAndDecide() {}

    public static void main(String[] args) {
        String url = args[0];
        int warmup = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        CompiledPolicy policy = BenchPolicies.typical();
        ListQuery query = ListQueryPlanner.plan(List.of(policy), Duration.ofSeconds(30));
        TaskDecider decider = new TaskDecider();
        long[] millis = new long[runs];
        int tasks = 0;
        int violations = 0;
        try (var api = new ElasticsearchTasksApi(new ClusterConnection(URI.create(url), ClusterCredentials.NONE, null,
                Duration.ofSeconds(60)))) {
            for (int i = 0; i < warmup + runs; i++) {
                long start = System.nanoTime();
                TaskListing listing = api.list(query, GovernorOpaqueId.LIST);
                Evaluation evaluation = decider.evaluate(List.of(policy), listing, ResolvedNodes.NONE).get(0);
                long elapsed = System.nanoTime() - start;
                if (i >= warmup) {
                    millis[i - warmup] = elapsed / 1_000_000L;
                }
                tasks = listing.tasks().size();
                violations = evaluation.violations() + evaluation.lingering().size();
            }
        }
        Arrays.sort(millis);
        double mean = Arrays.stream(millis).average().orElse(0);
        System.out.printf("median_ms=%d mean_ms=%.1f tasks=%d violations=%d%n", millis[runs / 2], mean, tasks, violations);
    }
}
