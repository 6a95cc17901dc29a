package io.taskgovernor.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.metrics.HealthServer;
import io.taskgovernor.reconcile.CauseChain;
import io.taskgovernor.reconcile.GovernorOperator;
import io.taskgovernor.reconcile.InvalidSettingsException;
import io.taskgovernor.reconcile.OperatorSettings;
import io.taskgovernor.reconcile.OperatorStartException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

@Command(name = "operator", mixinStandardHelpOptions = true,
        description = {"Run the Kubernetes operator (the container entrypoint).",
                "Environment: WATCH_NAMESPACES (comma list, empty = all), LEADER_ELECTION (true),",
                "LEASE_NAME, LEASE_NAMESPACE or POD_NAMESPACE, POD_NAME, HEALTH_PORT (8080),",
                "POLICY_SELECTOR (label selector: govern only those TaskPolicies; needs its own LEASE_NAME).",
                "A start-up failure prints one line naming the setting or permission at fault; exit codes:",
                "2 invalid setting, 3 Kubernetes API server unreachable, 4 permission refused, 5 other start-up failure."})
final class OperatorCommand implements Callable<Integer> {
    Map<String, String> env = System.getenv();
    Supplier<KubernetesClient> kubernetes = () -> new KubernetesClientBuilder().build();
    PrintStream err = System.err;

    @Override
    public Integer call() throws InterruptedException {
        OperatorSettings settings;
        try {
            settings = OperatorSettings.fromEnvironment(env);
        } catch (InvalidSettingsException e) {
            err.println("error: invalid settings: " + e.getMessage());
            return ExitCode.INVALID_INPUT;
        }
        if (!settings.leaderElection()) {
            // Two replicas without a Lease would both cancel: say so loudly.
            org.slf4j.LoggerFactory.getLogger(OperatorCommand.class).warn(
                    "leader election is off (LEADER_ELECTION=false or no POD_NAMESPACE/LEASE_NAMESPACE): run one replica only");
        }
        if (settings.policySelector() != null) {
            org.slf4j.LoggerFactory.getLogger(OperatorCommand.class).info(
                    "governing only the TaskPolicies matching POLICY_SELECTOR={} (Lease {})",
                    settings.policySelector().expression(), settings.leaseName());
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        KubernetesClient client = kubernetes.get();
        GovernorOperator operator = new GovernorOperator(client, settings, registry, ElasticsearchTasksApi::new,
                Clock.systemUTC());
        HealthServer health;
        try {
            health = new HealthServer(settings.healthPort(), registry, operator::isReady);
        } catch (IOException e) {
            client.close();
            err.println("error: " + OperatorSettings.HEALTH_PORT + "=" + settings.healthPort() + ": " + CauseChain.of(e));
            return ExitCode.STARTUP_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            stop(operator, health, client);
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            operator.start();
        } catch (OperatorStartException e) {
            Runtime.getRuntime().removeShutdownHook(shutdown);
            stop(operator, health, client);
            err.println("error: " + e.getMessage());
            return switch (e.fault()) {
                case KUBERNETES_UNREACHABLE -> ExitCode.CLUSTER_UNAVAILABLE;
                case PERMISSION_REFUSED -> ExitCode.UNAUTHORIZED;
                case START_FAILED -> ExitCode.STARTUP_FAILED;
            };
        }
        stopped.await();
        return ExitCode.OK;
    }

    private static void stop(GovernorOperator operator, HealthServer health, KubernetesClient client) {
        operator.close();
        health.close();
        client.close();
    }
}
