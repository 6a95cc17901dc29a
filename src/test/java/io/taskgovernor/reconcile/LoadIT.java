package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.Timer;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import io.taskgovernor.testing.ScriptedHttpServer;
import io.taskgovernor.testing.ScriptedHttpServer.Reply;
import io.taskgovernor.testing.SharedElasticsearch;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 50 policies across 5 clusters (a real node, three scripted ones with a hundred tasks each of
 * which ten violate every pass, and one that hangs) governed for 90 s: every healthy cluster is
 * polled on schedule, the hanging one costs nobody else, and memory stays flat.
 */
@EnableKubernetesMockClient(crud = true)
class LoadIT {
    private static final Duration RUN = Duration.ofSeconds(90);
    static KubernetesClient client;

    private static String listing(int port) {
        StringBuilder tasks = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            long runningNanos = (i <= 10 ? 120L : 1L) * 1_000_000_000L;
            tasks.append(i == 1 ? "" : ",").append("\"n").append(port).append(':').append(i).append("\":{\"node\":\"n")
                    .append(port).append("\",\"id\":").append(i).append(",\"type\":\"transport\",")
                    .append("\"action\":\"indices:data/read/search\",\"start_time_in_millis\":1,\"running_time_in_nanos\":")
                    .append(runningNanos).append(",\"cancellable\":true,\"cancelled\":false,\"headers\":{\"X-Opaque-Id\":\"load-")
                    .append(i).append("\"}}");
        }
        return "{\"nodes\":{\"n" + port + "\":{\"name\":\"es-" + port + "\",\"tasks\":{" + tasks + "}}}}";
    }

    @Test
    void fiftyPoliciesOnFiveClustersAreGovernedOnScheduleWithFlatMemory() {
        List<ScriptedHttpServer> scripted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ScriptedHttpServer[] self = new ScriptedHttpServer[1];
            self[0] = new ScriptedHttpServer(r -> r.path().contains("_cancel") ? Reply.json(200, "{\"nodes\":{}}")
                    : Reply.json(200, listing(Integer.parseInt(self[0].url().replaceAll(".*:", "")))));
            scripted.add(self[0]);
        }
        ScriptedHttpServer hanging = new ScriptedHttpServer(r -> Reply.hangs());
        List<String> urls = new ArrayList<>(List.of(SharedElasticsearch.node().url()));
        scripted.forEach(s -> urls.add(s.url()));
        urls.add(hanging.url());

        try (OperatorHarness harness = new OperatorHarness(client, ElasticsearchTasksApi::new)) {
            for (int i = 0; i < 50; i++) {
                String url = urls.get(i % urls.size());
                TaskPolicy policy = Policies.policy("load", "p" + i, url, "1m", "indices:data/read/search*");
                policy.getSpec().getElasticsearch().setRequestTimeout("2s");
                policy.getSpec().getRules().get(0).setName("rule-" + (i % 3));
                client.resource(policy).create();
            }
            // The scenario: every policy settles for 10 s, then the load runs for RUN; nothing is awaited.
            await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).until(() -> true);
            long heapAtStart = usedHeapAfterGc();
            long passesAtStart = passes(harness, "127.0.0.1:" + port(urls.get(1)));

            await().pollDelay(RUN).atMost(RUN.plusSeconds(5)).until(() -> true);

            long heapAtEnd = usedHeapAfterGc();
            System.out.printf("load: heap used after GC %d MiB at start, %d MiB after %d s%n",
                    heapAtStart >> 20, heapAtEnd >> 20, RUN.toSeconds());
            for (String url : urls) {
                String cluster = "127.0.0.1:" + port(url);
                Timer lateness = harness.registry().find("taskgovernor.pass.lateness").tag("cluster", cluster).timer();
                System.out.printf("load: cluster %s: %d passes, worst lateness %.1f ms, mean %.2f ms%n", cluster,
                        lateness == null ? 0 : lateness.count(), lateness == null ? 0 : lateness.max(TimeUnit.MILLISECONDS),
                        lateness == null ? 0 : lateness.mean(TimeUnit.MILLISECONDS));
            }
            for (String url : urls.subList(0, 4)) {
                String cluster = "127.0.0.1:" + port(url);
                Timer lateness = harness.registry().find("taskgovernor.pass.lateness").tag("cluster", cluster).timer();
                assertThat(lateness.max(TimeUnit.MILLISECONDS)).as("worst lateness on %s", cluster).isLessThan(1_000);
            }
            long passes = passes(harness, "127.0.0.1:" + port(urls.get(1))) - passesAtStart;
            assertThat(passes).as("interval 1s for %d s", RUN.toSeconds()).isGreaterThanOrEqualTo(RUN.toSeconds() * 8 / 10);
            assertThat(heapAtEnd - heapAtStart).as("heap growth").isLessThan(64L << 20);
            assertThat(harness.get("load", "p4").getStatus().getConditions().get(0).getReason())
                    .isEqualTo("ElasticsearchUnavailable");
            assertThat(harness.get("load", "p1").getStatus().getConditions().get(0).getReason()).isEqualTo("Governing");
        } finally {
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
            scripted.forEach(ScriptedHttpServer::close);
            hanging.close();
        }
    }

    private static long passes(OperatorHarness harness, String cluster) {
        Timer timer = harness.registry().find("taskgovernor.pass.duration").tag("cluster", cluster).timer();
        return timer == null ? 0 : timer.count();
    }

    private static int port(String url) {
        return Integer.parseInt(url.replaceAll(".*:", ""));
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
