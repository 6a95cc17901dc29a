package io.taskgovernor.reconcile;

import io.taskgovernor.audit.AuditTrail;
import io.taskgovernor.audit.AuditTrails;
import io.taskgovernor.elasticsearch.DataStreamWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.enforce.ClusterPollers;
import io.taskgovernor.enforce.ThreadPassScheduler;
import io.taskgovernor.metrics.GovernorMetrics;
import io.taskgovernor.policy.PolicyKey;
import java.time.Clock;
import java.util.function.Function;

/**
 * The operator, wired: JOSDK Operator, the TaskPolicy reconciler, the shared cluster pollers and
 * metrics. Used as is by the `operator` command and by the tests, so both run one code path.
 */
public final class GovernorOperator implements AutoCloseable {
    private final Operator operator;
    private final ClusterPollers pollers;
    private final AuditTrails audit;
    private final TaskPolicyReconciler reconciler;
    private final KubernetesClient client;
    private final OperatorSettings settings;

    public GovernorOperator(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
                            Function<ClusterConnection, TasksApi> clients, Clock clock) {
        this.client = client;
        this.settings = settings;
        GovernorMetrics metrics = new GovernorMetrics(registry);
        PassLedger ledger = new PassLedger();
        ObservationFeed feed = new ObservationFeed(ledger, this::observationArrived);
        this.audit = new AuditTrails(DataStreamWriter::new, AuditTrail.Settings.DEFAULT, clock,
                metrics::bindAudit, this::observationArrived);
        this.pollers = new ClusterPollers(clients, ThreadPassScheduler.perCluster(clock), clock, (cluster, governed, result) -> {
            metrics.onPass(cluster, result);
            audit.onPass(cluster, governed, result);
            feed.onPass(cluster, governed, result);
        });
        this.reconciler = new TaskPolicyReconciler(client, pollers, ledger,
                new EventRecorder(client, clock, settings.identity()), clock, key -> {
                    metrics.forgetPolicy(key);
                    feed.forget(key);
                }, audit);
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    // Status is written with one PUT on the status subresource (TaskPolicyReconciler); server-side
                    // apply would need every field manager to agree, and the test API server cannot do it.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(false)
                    .withResourceCloner(new UnreadableSpecKeepingCloner(client.getKubernetesSerialization()))
                    .withMetrics(MicrometerMetrics.newMicrometerMetricsBuilder(registry)
                            .notCollectingMetricsPerResource().build());
            if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                        .aLeaderElectionConfiguration(settings.leaseName())
                        .withLeaseNamespace(settings.leaseNamespace())
                        .withIdentity(settings.identity())
                        .withLeaseDuration(settings.leaseDuration())
                        .withRenewDeadline(settings.leaseDuration().multipliedBy(2).dividedBy(3))
                        .withRetryPeriod(settings.leaseDuration().dividedBy(5))
                        .withExitOnStopLeading(settings.exitOnStopLeading())
                        // A replica that loses the lease must stop cancelling at once, whether or not it exits.
                        .withLeaderCallbacks(new LeaderCallbacks(() -> { }, pollers::close, leader -> { }))
                        .build());
            }
        });
        operator.register(reconciler, o -> {
            if (settings.namespaces().isEmpty()) {
                o.watchingAllNamespaces();
            } else {
                o.settingNamespaces(settings.namespaces());
            }
            if (settings.policySelector() != null) {
                // Filtered by the API server: other shards' policies are neither sent nor cached here.
                o.withLabelSelector(settings.policySelector().expression());
            }
        });
    }

    /** Pollers wake the reconciler, which hands policies to pollers: so the reconciler is looked up late. */
    private void observationArrived(PolicyKey policyKey) {
        reconciler.observationArrived(policyKey);
    }

    /**
     * Starts the informers and, with leader election, campaigns for the Lease; returns once the
     * informers have synced.
     *
     * @throws OperatorStartException naming the setting or permission at fault, with the cause chain
     */
    public void start() {
        try {
            operator.start();
        } catch (RuntimeException e) {
            throw OperatorStartException.of(e, settings, client.getMasterUrl());
        }
    }

    public boolean isReady() {
        return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    public int pollerCount() {
        return pollers.pollerCount();
    }

    @Override
    public void close() {
        try {
            operator.stop();
        } finally {
            pollers.close();
            audit.close(); // after the pollers: their last decisions are flushed too
            reconciler.stopWatchingSecrets();
        }
    }
}
