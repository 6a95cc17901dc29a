package io.taskgovernor.bench;

import io.taskgovernor.testing.TestSettings;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.reconcile.GovernorOperator;
import io.taskgovernor.reconcile.OperatorSettings;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's "Scale" figures: 1,000 policies on 100 scripted clusters (in-process stand-ins, 20 tasks
 * each, none over its limit) governed by one operator on the mock API server. Prints the time from
 * start to every policy Ready, the pass lateness over a minute of governing (p99 from the lateness
 * histogram, all clusters together, and the worst), and the heap used after GC before the operator
 * started (mock server holding the policies) and after. Goals: Ready ≤ 15 s, p99 ≤ 100 ms, heap ≤ 256 MiB.
 * A scripted run that prints figures; it asserts nothing about them.
 */
@EnableKubernetesMockClient(crud = true)
class ScaleBenchmark {
    private static final int POLICIES = 1_000;
    private static final int CLUSTERS = 100;
    private static final Duration GOVERNING = Duration.ofSeconds(60);
    static KubernetesClient client;
    static KubernetesMockServer server;

    @Test
    void aThousandPoliciesOnAHundredClusters() {
        OperatorHarness.installCrd(client);
        for (int i = 0; i < POLICIES; i++) {
            client.resource(Policies.policy("bench", "p" + i, "http://es-" + (i % CLUSTERS) + ":9200", "1m",
                    "indices:data/read/search*")).create();
        }
        long heapBefore = heapAfterGc();
        Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperatorSettings settings = TestSettings.settings(Set.of(), null, Duration.ofSeconds(15), "scale-benchmark");
        // Ready is counted from a watch, so that the benchmark does not list 1,000 policies from the mock
        // server over and over while the operator starts (each list costs the shared 2 cores ~1 MB of JSON).
        Set<String> ready = ConcurrentHashMap.newKeySet();
        String loadAtStart = LoadAverage.now();
        ThreadCpu cpuAtStart = ThreadCpu.now();
        long started = System.nanoTime();
        try (var watch = client.resources(TaskPolicy.class).inNamespace("bench").watch(new Watcher<TaskPolicy>() {
                @Override
                public void eventReceived(Action action, TaskPolicy policy) {
                    if (isReady(policy)) {
                        ready.add(policy.getMetadata().getName());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
             GovernorOperator operator = new GovernorOperator(client, settings, registry,
                c -> clusters.computeIfAbsent(c.url().getHost(), ScaleBenchmark::cluster), Clock.systemUTC())) {
            operator.start();
            await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofMinutes(5)).until(() -> ready.size() == POLICIES);
            double readySeconds = (System.nanoTime() - started) / 1e9;
            ThreadCpu cpuAtReady = ThreadCpu.now();
            String loadAtReady = LoadAverage.now();
            // Checked once, by a list: the watch saw every policy Ready.
            long notReady = notReady();
            // Lateness in steady state: GovernorMetrics registers its (histogram) timers again at the next pass.
            registry.clear();
            int requestsBefore = server.getRequestCount();
            // The scenario: a minute of governing, measured; not a wait for something to happen.
            await().pollDelay(GOVERNING).atMost(GOVERNING.plusSeconds(1)).until(() -> true);
            double apiRequestsPerSecond = (server.getRequestCount() - requestsBefore) / (double) GOVERNING.toSeconds();
            long heapGoverning = heapAfterGc();
            Lateness lateness = lateness(registry);
            System.out.printf("%n== ScaleBenchmark: %d policies on %d scripted clusters, one operator, mock API server%n",
                    POLICIES, clusters.size());
            System.out.printf("| start to all Ready | passes in %d s | lateness p99 | lateness worst | API requests/s while governing | heap after GC: policies stored, no operator | with the operator governing |%n",
                    GOVERNING.toSeconds());
            System.out.printf("|---|---|---|---|---|---|---|%n");
            System.out.printf("| %.2f s | %d | ≤ %.0f ms | %.0f ms | %.0f | %d MiB | %d MiB |%n", readySeconds, lateness.count,
                    lateness.p99Millis, lateness.worstMillis, apiRequestsPerSecond, heapBefore >> 20, heapGoverning >> 20);
            System.out.printf("(start: load average %s when it began, %s at all Ready; %d not Ready by a final list)%n",
                    loadAtStart, loadAtReady, notReady);
            System.out.printf("(CPU from start to all Ready, all of this JVM: %.1f s; of which the mock API server's Vert.x"
                    + " threads %.1f s, the JOSDK/Fabric8 HTTP client threads (operator and benchmark watch) %.1f s,"
                    + " the pollers %.1f s; the rest is JIT compilation, GC, reconciles and threads that ended)%n",
                    cpuAtReady.processSince(cpuAtStart) / 1e9,
                    cpuAtReady.threadsSince(cpuAtStart, n -> n.startsWith("vert.x")) / 1e9,
                    cpuAtReady.threadsSince(cpuAtStart, n -> n.startsWith("JdkHttpClient") || n.startsWith("HttpClient-")) / 1e9,
                    cpuAtReady.threadsSince(cpuAtStart, n -> n.startsWith("poller-")) / 1e9);
            System.out.printf("(governing: load average %s at the end)%n", LoadAverage.now());
            System.out.println("(goals: Ready ≤ 15 s, lateness p99 ≤ 100 ms, heap after GC ≤ 256 MiB; p99 is the upper bound"
                    + " of the histogram bucket holding it; heap is the whole test JVM, mock API server included)");
        } finally {
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
        }
    }

    private static FakeCluster cluster(String host) {
        FakeCluster cluster = new FakeCluster();
        for (int t = 0; t < 20; t++) {
            cluster.add(task(host + "-node:" + t).runningSeconds(t).build());
        }
        return cluster;
    }

    private static long notReady() {
        return client.resources(TaskPolicy.class).inNamespace("bench").list().getItems().stream()
                .filter(p -> !isReady(p)).count();
    }

    private static boolean isReady(TaskPolicy policy) {
        return policy.getStatus() != null && policy.getStatus().getConditions() != null
                && policy.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private record Lateness(long count, double p99Millis, double worstMillis) {}

    /** Sums every cluster's lateness histogram, then reads the bucket where the 99th percentile falls. */
    private static Lateness lateness(PrometheusMeterRegistry registry) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        long count = 0;
        double worst = 0;
        for (Timer timer : registry.find("taskgovernor.pass.lateness").timers()) {
            var snapshot = timer.takeSnapshot();
            count += snapshot.count();
            worst = Math.max(worst, snapshot.max(TimeUnit.MILLISECONDS));
            for (CountAtBucket bucket : snapshot.histogramCounts()) {
                buckets.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
            }
        }
        double p99 = Double.NaN;
        for (var bucket : buckets.entrySet()) {
            // Micrometer's histogram counts are cumulative: the count at or below the bound.
            if (bucket.getValue() >= 0.99 * count) {
                p99 = bucket.getKey();
                break;
            }
        }
        return new Lateness(count, p99, worst);
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
