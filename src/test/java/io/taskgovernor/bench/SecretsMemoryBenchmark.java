package io.taskgovernor.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What Secrets the policies do not name cost the operator: 100 policies on 10 clusters (10 credential
 * Secrets), then the same with 2,000 unrelated Secrets of 100 KB each (Helm-release-sized, random
 * bytes) in the watched namespaces. The mock API server shares this JVM and holds its own copy of
 * every Secret, so each run measures the heap used after GC just before the operator starts (mock
 * server, its store and the test runner) and once every policy is Ready and 10 s have passed; the
 * operator's share is the difference. Goal: the unrelated Secrets add under 16 MiB to it.
 * Not part of the default run ({@code mvn -B -Pbench verify}).
 */
@EnableKubernetesMockClient(crud = true)
class SecretsMemoryBenchmark {
    private static final int POLICIES = 100;
    private static final int CLUSTERS = 10;
    private static final int UNRELATED_SECRETS = 2_000;
    private static final int SECRET_BYTES = 100 * 1024;
    private static final String NS = "bench";
    private static final String OTHER_NS = "apps";
    static KubernetesClient client;
    static KubernetesMockServer server;

    @Test
    void unrelatedSecretsCostTheOperatorNothing() throws Exception {
        OperatorHarness.installCrd(client);
        for (int c = 0; c < CLUSTERS; c++) {
            client.resource(new SecretBuilder().withNewMetadata().withName("es-creds-" + c).withNamespace(NS).endMetadata()
                    .withStringData(Map.of("username", "governor", "password", "pw-" + c)).build()).create();
        }
        for (int i = 0; i < POLICIES; i++) {
            TaskPolicy policy = Policies.policy(NS, "p" + i, "http://es-" + (i % CLUSTERS) + ":9200", "1m", "indices:*");
            policy.getSpec().getElasticsearch().setCredentialsSecret("es-creds-" + (i % CLUSTERS));
            client.resource(policy).create();
        }
        try {
            governFor("warm-up (classes, JIT, static caches; not reported)");
            Share without = governFor("100 policies, 10 named Secrets");

            long started = System.nanoTime();
            Random random = new Random(42);
            byte[] bytes = new byte[SECRET_BYTES];
            for (int i = 0; i < UNRELATED_SECRETS; i++) {
                random.nextBytes(bytes);
                client.resource(new SecretBuilder()
                        .withNewMetadata().withName("sh.helm.release.v1.app-" + i + ".v1")
                        .withNamespace(i % 2 == 0 ? NS : OTHER_NS).addToLabels("owner", "helm").endMetadata()
                        .withType("helm.sh/release.v1")
                        .withData(Map.of("release", Base64.getEncoder().encodeToString(bytes))).build()).create();
            }
            drainRecordedRequests(); // the mock server keeps every request it served; those bodies are not the operator's
            System.out.printf("[SecretsMemoryBenchmark] created %d Secrets of %d KiB in %.1f s%n",
                    UNRELATED_SECRETS, SECRET_BYTES / 1024, (System.nanoTime() - started) / 1e9);
            Share with = governFor("the same + 2,000 unrelated Secrets of 100 KiB");

            System.out.printf("%n| run | heap after GC before the operator (mock server + runner) | with the operator governing | operator's share |%n");
            System.out.printf("|---|---|---|---|%n");
            for (Share share : new Share[] {without, with}) {
                System.out.printf("| %s | %.1f MiB | %.1f MiB | %.1f MiB |%n", share.label(), mib(share.before()),
                        mib(share.during()), mib(share.operator()));
            }
            System.out.printf("%nunrelated Secrets add %.1f MiB to the operator's heap (goal < 16 MiB)%n",
                    mib(with.operator() - without.operator()));
        } finally {
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
        }
    }

    private record Share(String label, long before, long during) {
        long operator() {
            return during - before;
        }
    }

    /** Starts the operator, waits until every policy is Ready and 10 s more, measures, stops it. */
    private Share governFor(String label) throws Exception {
        drainRecordedRequests();
        long before = heapAfterGc();
        Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();
        long during;
        long started = System.nanoTime();
        try (OperatorHarness harness = new OperatorHarness(client,
                c -> clusters.computeIfAbsent(c.url().toString(), u -> new FakeCluster()))) {
            await().ignoreExceptions().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofMinutes(3)).until(() ->
                    client.resources(TaskPolicy.class).inNamespace(NS).list().getItems().stream()
                            .allMatch(p -> "True".equals(p.getStatus().getConditions().get(0).getStatus())));
            double seconds = (System.nanoTime() - started) / 1e9;
            // The scenario: memory while governing, 10 s after all are Ready; not a wait for a condition.
            await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(() -> true);
            drainRecordedRequests();
            during = heapAfterGc();
            System.out.printf("[SecretsMemoryBenchmark] %s: all Ready after %.2f s, heap after GC %.1f MiB (%.1f before start)%n",
                    label, seconds, mib(during), mib(before));
        }
        return new Share(label, before, during);
    }

    private static void drainRecordedRequests() throws InterruptedException {
        while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
            // dropped: only the count of requests served would remain
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
