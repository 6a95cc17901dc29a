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
 * The operator, wired: JOSDK Operator, the reconcilers of TaskPolicy and ClusterTaskPolicy, the shared
 * cluster pollers, Secret watches and metrics. Used as is by the `operator` command and by the tests, so
 * both run one code path.
 */
public final class GovernorOperator implements AutoCloseable {
    private final Operator operator;
    private final ClusterPollers pollers;
    private final TaskPolicyReconciler.Namespaced reconciler;
    private final TaskPolicyReconciler.ClusterScoped clusterReconciler;
    private final ReferencedSecrets referencedSecrets;
    private final ReferencedElasticsearches referencedElasticsearches;
    private final AuditTrails audit;
    private final KubernetesClient client;
    private final OperatorSettings settings;
    private final GovernorMetrics metrics;

    public GovernorOperator(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
                            Function<ClusterConnection, TasksApi> clients, Clock clock) {
        this.client = client;
        this.settings = settings;
        GovernorMetrics metrics = new GovernorMetrics(registry);
        this.metrics = metrics;
        metrics.leading(lease(), false);
        PassLedger ledger = new PassLedger();
        ObservationFeed feed = new ObservationFeed(ledger, this::observationArrived);
        this.audit = new AuditTrails(DataStreamWriter::new, AuditTrail.Settings.DEFAULT, clock,
                metrics::bindAudit, this::observationArrived);
        this.pollers = new ClusterPollers(clients, ThreadPassScheduler.perCluster(clock), clock, (cluster, governed, result) -> {
            metrics.onPass(cluster, result);
            audit.onPass(cluster, governed, result);
            feed.onPass(cluster, governed, result);
        }, settings.pollerCloseWait());
        this.referencedSecrets = new ReferencedSecrets(client, key -> reconcilerOf(key).secretChanged(key));
        this.referencedElasticsearches = new ReferencedElasticsearches(client, key -> reconcilerOf(key).elasticsearchChanged(key));
        EventRecorder events = new EventRecorder(client, clock, settings.identity());
        java.util.function.Consumer<PolicyKey> onDeleted = key -> {
            metrics.forgetPolicy(key);
            feed.forget(key);
        };
        boolean crossNamespace = settings.allowCrossNamespaceReferences();
        this.reconciler = new TaskPolicyReconciler.Namespaced(referencedSecrets, referencedElasticsearches, crossNamespace,
                audit, pollers, ledger, events, clock, onDeleted);
        this.clusterReconciler = new TaskPolicyReconciler.ClusterScoped(referencedSecrets, referencedElasticsearches,
                crossNamespace, audit, pollers, ledger, events, clock, onDeleted, settings.clusterResourceNamespace());
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
                        .withLeaderCallbacks(new LeaderCallbacks(() -> metrics.leading(lease(), true), () -> {
                            metrics.leading(lease(), false);
                            pollers.close();
                        }, leader -> { }))
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
        if (settings.governsClusterPolicies()) {
            operator.register(clusterReconciler, o -> {
                // A cluster-scoped kind has no namespace to narrow the watch to.
                o.watchingAllNamespaces();
                if (settings.policySelector() != null) {
                    o.withLabelSelector(settings.policySelector().expression());
                }
            });
        }
    }

    /** Pollers wake the reconciler, which hands policies to pollers: so the reconciler is looked up late. */
    private void observationArrived(PolicyKey policyKey) {
        reconcilerOf(policyKey).observationArrived(policyKey);
    }

    private TaskPolicyReconciler<?> reconcilerOf(PolicyKey policyKey) {
        return policyKey.clusterScoped() ? clusterReconciler : reconciler;
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
            if (!settings.leaderElection()) {
                metrics.leading(lease(), true);
            }
        } catch (RuntimeException e) {
            throw OperatorStartException.of(e, settings, client.getMasterUrl());
        }
    }

    /** The Lease this process campaigns for; empty without leader election. */
    private String lease() {
        return settings.leaderElection() ? settings.leaseName() : "";
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
            metrics.leading(lease(), false);
            operator.stop();
        } finally {
            pollers.close();
            audit.close(); // after the pollers: their last decisions are flushed too
            referencedSecrets.close();
            referencedElasticsearches.close();
        }
    }
}
