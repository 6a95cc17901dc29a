package io.taskgovernor.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.reconcile.GovernorOperator;
import io.taskgovernor.reconcile.OperatorSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs the real operator (JOSDK Operator, reconciler, pollers) against the Fabric8 mock API server
 * in CRUD mode. LocallyRunOperatorExtension cannot be used: it applies CRDs with server-side apply,
 * which the mock does not serve.
 */
public final class OperatorHarness implements AutoCloseable {
    private final KubernetesClient client;
    private final GovernorOperator operator;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public OperatorHarness(KubernetesClient client, Function<ClusterConnection, TasksApi> clusters) {
        this(client, clusters, new OperatorSettings(Set.of(), "task-governor-leader", null, Duration.ofSeconds(3),
                "test-operator", 0, false));
    }

    public OperatorHarness(KubernetesClient client, Function<ClusterConnection, TasksApi> clusters, OperatorSettings settings) {
        this.client = client;
        installCrd(client);
        this.operator = new GovernorOperator(client, settings, registry, clusters, Clock.systemUTC());
        operator.start();
    }

    /** Creating the CRD first makes the mock serve /status as a subresource, like a real API server. */
    public static void installCrd(KubernetesClient client) {
        if (client.apiextensions().v1().customResourceDefinitions().withName("taskpolicies.taskgovernor.io").get() != null) {
            return;
        }
        try (InputStream crd = Files.newInputStream(crdFile())) {
            CustomResourceDefinition definition = client.apiextensions().v1().customResourceDefinitions().load(crd).item();
            client.apiextensions().v1().customResourceDefinitions().resource(definition).create();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Path crdFile() {
        String generated = System.getProperty("crds.generated", "target/classes/META-INF/fabric8");
        return Path.of(generated, "taskpolicies.taskgovernor.io-v1.yml");
    }

    public GovernorOperator operator() {
        return operator;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public TaskPolicy get(String namespace, String name) {
        return client.resources(TaskPolicy.class).inNamespace(namespace).withName(name).get();
    }

    /** The mock ignores field selectors on involvedObject, so events are filtered here. */
    public List<Event> eventsFor(String namespace, String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    @Override
    public void close() {
        operator.close();
    }
}
