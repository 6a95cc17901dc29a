package io.taskgovernor.reconcile;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.taskgovernor.api.RuleSpec;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Broken policies get a clear condition each; the operator keeps running and governing the good ones. */
@EnableKubernetesMockClient(crud = true, https = false)
class BadInputOperatorTest {
    private static final String NS = "search";
    static KubernetesClient client;

    private static TaskPolicy broken(String name, Consumer<TaskPolicy> breakIt) {
        TaskPolicy policy = Policies.policy(NS, name, "http://es:9200", "10s", "indices:data/read/search*");
        breakIt.accept(policy);
        return policy;
    }

    @Test
    void everyBrokenPolicyIsInvalidSpecAndTheGoodOneIsStillGoverned() {
        FakeCluster es = new FakeCluster();
        List<TaskPolicy> broken = new ArrayList<>(List.of(
                broken("zero-runtime", p -> p.getSpec().getRules().get(0).setMaxRuntime("0s")),
                broken("negative-interval", p -> p.getSpec().setInterval("-5s")),
                broken("empty-strings", p -> {
                    p.getSpec().getElasticsearch().setUrl("");
                    p.getSpec().getRules().get(0).setName("");
                }),
                broken("no-rules", p -> p.getSpec().setRules(List.of())),
                broken("huge-numbers", p -> {
                    p.getSpec().getCancellation().setMaxPerRun(Integer.MAX_VALUE);
                    p.getSpec().setInterval("99999999999999999999d");
                }),
                broken("bad-patterns", p -> p.getSpec().getRules().get(0).setActions(List.of("", "a,b", "x y"))),
                broken("no-spec", p -> p.setSpec(null)),
                broken("enormous", p -> {
                    List<RuleSpec> rules = new ArrayList<>();
                    for (int i = 0; i < 1000; i++) {
                        RuleSpec rule = new RuleSpec();
                        rule.setName("r" + i);
                        rule.setActions(List.of("*"));
                        rule.setMaxRuntime("1m");
                        rules.add(rule);
                    }
                    p.getSpec().setRules(rules);
                })));
        try (OperatorHarness harness = new OperatorHarness(client, c -> es)) {
            for (TaskPolicy policy : broken) {
                client.resource(policy).create();
            }
            // A wrong type, as only an API server without the CRD's schema would accept it.
            GenericKubernetesResource wrongType = Serialization.unmarshal("""
                    apiVersion: taskgovernor.io/v1alpha1
                    kind: TaskPolicy
                    metadata: {name: wrong-type, namespace: search}
                    spec:
                      elasticsearch: {url: "http://es:9200"}
                      rules: "all of them"
                      cancellation: {maxPerRun: lots}
                    """, GenericKubernetesResource.class);
            client.genericKubernetesResources(TaskPolicy.API_VERSION, TaskPolicy.KIND).inNamespace(NS).resource(wrongType).create();
            es.add(task("n:1").runningSeconds(60).build());
            client.resource(Policies.policy(NS, "good", "http://es:9200", "10s", "indices:data/read/search*")).create();

            await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (TaskPolicy policy : broken) {
                    TaskPolicy current = harness.get(NS, policy.getMetadata().getName());
                    assertThat(current.getStatus().getConditions().get(0).getReason())
                            .as(policy.getMetadata().getName()).isEqualTo("InvalidSpec");
                    assertThat(current.getStatus().getConditions().get(0).getMessage()).contains("spec");
                }
                assertThat(es.cancelled()).containsExactly("n:1");
                assertThat(harness.get(NS, "wrong-type").getStatus().getConditions().get(0).getMessage())
                        .contains("spec.rules: expected a list").contains("spec.cancellation.maxPerRun: expected a whole number");
            });
            assertThat(harness.operator().isReady()).isTrue();
        } finally {
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
        }
    }
}
