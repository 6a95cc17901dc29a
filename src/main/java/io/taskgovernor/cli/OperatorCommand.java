package io.taskgovernor.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.metrics.HealthServer;
import io.taskgovernor.reconcile.GovernorOperator;
import io.taskgovernor.reconcile.OperatorSettings;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

@Command(name = "operator", mixinStandardHelpOptions = true,
        description = {"Run the Kubernetes operator (the container entrypoint).",
                "Environment: WATCH_NAMESPACES (comma list, empty = all), LEADER_ELECTION (true),",
                "LEASE_NAME, LEASE_NAMESPACE or POD_NAMESPACE, POD_NAME, HEALTH_PORT (8080)."})
final class OperatorCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
        if (!settings.leaderElection()) {
            // Two replicas without a Lease would both cancel: say so loudly.
            org.slf4j.LoggerFactory.getLogger(OperatorCommand.class).warn(
                    "leader election is off (LEADER_ELECTION=false or no POD_NAMESPACE/LEASE_NAMESPACE): run one replica only");
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        KubernetesClient client = new KubernetesClientBuilder().build();
        GovernorOperator operator = new GovernorOperator(client, settings, registry, ElasticsearchTasksApi::new,
                Clock.systemUTC());
        HealthServer health = new HealthServer(settings.healthPort(), registry, operator::isReady);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            health.close();
            client.close();
            stopped.countDown();
        }, "shutdown"));
        operator.start();
        stopped.await();
        return ExitCode.OK;
    }
}
