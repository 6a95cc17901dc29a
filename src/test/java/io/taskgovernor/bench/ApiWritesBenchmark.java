package io.taskgovernor.bench;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * "API writes" (issue 9): 100 policies on 10 scripted clusters at a 5 s interval on the mock API
 * server, half of them idle (a governed task well within its limit, never a violation), half busy
 * (each busy policy gets a new violator of its own every 10 s). Counts, per policy and minute, the
 * status writes (PUT or PATCH on {@code .../taskpolicies/<name>/status}), the GETs of one policy by
 * name, the passes over its cluster and its decisions. Goal: idle ≤ 1 write a minute; busy bounded
 * by decisions, never by passes. Runs 3 minutes ({@code -Dbench.apiWrites.minutes=N} to change;
 * {@code -Dbench.apiWrites.interval=2s} changes the interval, so the passes per minute, and nothing else).
 * Not part of the default run.
 */
@EnableKubernetesMockClient(crud = true)
class ApiWritesBenchmark {
    private static final int POLICIES = 100;
    private static final int CLUSTERS = 10;
    private static final String NS = "bench";
    private static final String PREFIX = "/apis/taskgovernor.io/v1alpha1/namespaces/" + NS + "/taskpolicies/";
    static KubernetesClient client;
    static KubernetesMockServer server;

    private static boolean busy(int policy) {
        return policy % 2 == 1; // odd policies busy: every cluster has both kinds
    }

    @Test
    void statusWritesPerPolicyPerMinuteIdleAndBusy() throws Exception {
        long minutes = Long.getLong("bench.apiWrites.minutes", 3);
        String interval = System.getProperty("bench.apiWrites.interval", "5s");
        OperatorHarness.installCrd(client);
        Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();
        for (int c = 0; c < CLUSTERS; c++) {
            clusters.put("http://es-" + c + ":9200", new FakeCluster());
        }
        for (int i = 0; i < POLICIES; i++) {
            String url = "http://es-" + (i % CLUSTERS) + ":9200";
            String action = (busy(i) ? "bench:busy/p" : "bench:idle/p") + i;
            TaskPolicy policy = Policies.policy(NS, "p" + i, url, busy(i) ? "30s" : "1h", action);
            policy.getSpec().setInterval(interval);
            client.resource(policy).create();
            clusters.get(url).add(task("idle-" + i).action(action).runningSeconds(5).build());
        }
        Map<String, AtomicLong> writes = new ConcurrentHashMap<>();
        AtomicLong getsByName = new AtomicLong();
        AtomicLong decisions = new AtomicLong();
        ScheduledExecutorService scenario = Executors.newScheduledThreadPool(2);
        try (OperatorHarness harness = new OperatorHarness(client, c -> clusters.get(c.url().toString()))) {
            await().ignoreExceptions().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofMinutes(2)).until(() ->
                    client.resources(TaskPolicy.class).inNamespace(NS).list().getItems().stream()
                            .allMatch(p -> "True".equals(p.getStatus().getConditions().get(0).getStatus())));
            drain(null, null);
            Map<String, Integer> listsBefore = new ConcurrentHashMap<>();
            clusters.forEach((url, es) -> listsBefore.put(url, es.listCalls()));
            int cancelledBefore = clusters.values().stream().mapToInt(es -> es.cancelled().size()).sum();
            AtomicInteger serial = new AtomicInteger();
            // The scenario: a new violator for every busy policy every 10 s.
            scenario.scheduleAtFixedRate(() -> {
                int n = serial.incrementAndGet();
                for (int i = 1; i < POLICIES; i += 2) {
                    clusters.get("http://es-" + (i % CLUSTERS) + ":9200")
                            .add(task("v" + n + "-" + i).action("bench:busy/p" + i).runningSeconds(40).build());
                }
            }, 1, 10, TimeUnit.SECONDS);
            scenario.scheduleWithFixedDelay(() -> drain(writes, getsByName), 200, 200, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            // The run itself: the operator governs for the measured minutes, nothing is awaited.
            await().pollDelay(Duration.ofMinutes(minutes)).atMost(Duration.ofMinutes(minutes).plusSeconds(5)).until(() -> true);
            scenario.shutdownNow();
            scenario.awaitTermination(5, TimeUnit.SECONDS);
            drain(writes, getsByName);
            double elapsedMinutes = (System.nanoTime() - start) / 60e9;
            decisions.set(clusters.values().stream().mapToInt(es -> es.cancelled().size()).sum() - cancelledBefore);
            double passes = clusters.entrySet().stream()
                    .mapToInt(e -> e.getValue().listCalls() - listsBefore.get(e.getKey())).sum() / (double) CLUSTERS;
            long idleWrites = 0;
            long busyWrites = 0;
            long idleWorst = 0;
            long busyWorst = 0;
            for (int i = 0; i < POLICIES; i++) {
                long w = writes.getOrDefault("p" + i, new AtomicLong()).get();
                if (busy(i)) {
                    busyWrites += w;
                    busyWorst = Math.max(busyWorst, w);
                } else {
                    idleWrites += w;
                    idleWorst = Math.max(idleWorst, w);
                }
            }
            int half = POLICIES / 2;
            System.out.printf("%n\"API writes\": %d policies, %d clusters, interval %s, %.2f min measured%n",
                    POLICIES, CLUSTERS, interval, elapsedMinutes);
            System.out.printf("| policies | passes / policy / min | decisions / policy / min | status writes / policy / min (mean) | worst policy | GETs by name / min (all) |%n");
            System.out.printf("|---|---|---|---|---|---|%n");
            System.out.printf("| %d idle | %.1f | 0 | %.2f | %.2f | %.1f |%n", half, passes / elapsedMinutes,
                    idleWrites / (half * elapsedMinutes), idleWorst / elapsedMinutes, getsByName.get() / elapsedMinutes);
            System.out.printf("| %d busy | %.1f | %.2f | %.2f | %.2f | |%n", half, passes / elapsedMinutes,
                    decisions.get() / (half * elapsedMinutes), busyWrites / (half * elapsedMinutes), busyWorst / elapsedMinutes);
        } finally {
            scenario.shutdownNow();
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
        }
    }

    /** Takes what the mock server recorded; counts status writes per policy and GETs by name. */
    private static void drain(Map<String, AtomicLong> writes, AtomicLong getsByName) {
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                String path = request.getPath().split("\\?")[0];
                if (writes == null || !path.startsWith(PREFIX)) {
                    continue;
                }
                List<String> parts = List.of(path.substring(PREFIX.length()).split("/"));
                boolean write = "PUT".equals(request.getMethod()) || "PATCH".equals(request.getMethod());
                if (write && parts.size() == 2 && parts.get(1).equals("status")) {
                    writes.computeIfAbsent(parts.get(0), k -> new AtomicLong()).incrementAndGet();
                } else if ("GET".equals(request.getMethod()) && parts.size() == 1) {
                    getsByName.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
