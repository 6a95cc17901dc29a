package io.taskgovernor.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The operator's footprint with 100 policies on the mock API server: time from start to every
 * policy Ready, and resident memory. The mock server and the test runner share the JVM, so the
 * resident figure is an upper bound for the operator alone. Not part of the default run.
 */
@EnableKubernetesMockClient(crud = true)
class FootprintBenchmark {
    private static final int POLICIES = 100;
    static KubernetesClient client;

    @Test
    void startUpAndMemoryWithAHundredPolicies() throws Exception {
        OperatorHarness.installCrd(client);
        for (int i = 0; i < POLICIES; i++) {
            client.resource(Policies.policy("bench", "p" + i, "http://es-" + (i % 10) + ":9200", "1m", "indices:*")).create();
        }
        long rssBefore = rssKib();
        Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        try (OperatorHarness harness = new OperatorHarness(client,
                c -> clusters.computeIfAbsent(c.url().toString(), u -> new FakeCluster()))) {
            await().ignoreExceptions().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofMinutes(2)).until(() ->
                    client.resources(TaskPolicy.class).inNamespace("bench").list().getItems().stream()
                            .allMatch(p -> "True".equals(p.getStatus().getConditions().get(0).getStatus())));
            double seconds = (System.nanoTime() - started) / 1e9;
            // The scenario: memory after 10 s of governing, not a wait for something to happen.
            await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(() -> true);
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("%n| policies | clusters | start to all Ready | heap used after GC | resident (whole test JVM) | before the operator |%n");
            System.out.printf("|---|---|---|---|---|---|%n");
            System.out.printf("| %d | %d | %.2f s | %d MiB | %d MiB | %d MiB |%n", POLICIES, clusters.size(), seconds,
                    heap >> 20, rssKib() >> 10, rssBefore >> 10);
        } finally {
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
        }
    }

    private static long rssKib() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst().orElse(-1L);
    }
}
