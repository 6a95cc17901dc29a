package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.taskgovernor.api.ClusterTaskPolicy;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.api.TaskPolicySpec;
import io.taskgovernor.audit.AuditTrails;
import io.taskgovernor.api.TaskPolicyStatus;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.enforce.ClusterPollers;
import io.taskgovernor.policy.AuditDestination;
import io.taskgovernor.policy.ClusterTarget;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.ElasticsearchReference;
import io.taskgovernor.policy.InvalidPolicyException;
import io.taskgovernor.policy.PolicyCompiler;
import io.taskgovernor.policy.PolicyKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observe → validate → enforce → record. Enforcement itself runs in the shared cluster pollers;
 * a reconcile hands the policy to its cluster's poller and records what the poller last observed.
 * Pollers trigger a reconcile through {@link #passEvents} after a pass that brings news for the policy
 * ({@link ObservationFeed}).
 *
 * <p>No finalizer: it would only guard in-memory state, and it would make a delete hang while no
 * operator runs. JOSDK delivers the delete to {@link #reconcile} instead
 * ({@code triggerReconcilerOnAllEvents}, {@link Context#isPrimaryResourceDeleted()}); a delete that
 * happens while the operator is down leaves nothing behind, since that state lives only in the process.
 *
 * <p>One reconciler for both kinds, {@link TaskPolicy} and {@link ClusterTaskPolicy}: JOSDK registers
 * one controller per kind, {@link Namespaced} and {@link ClusterScoped}, which only say how a policy of
 * their kind is keyed and where its Secrets live; both share the pollers, the ledger, the Secret watches
 * and the events of one operator, so policies of both kinds on one cluster share one poller.
 *
 * @param <P> the kind reconciled
 */
public abstract class TaskPolicyReconciler<P extends CustomResource<TaskPolicySpec, TaskPolicyStatus>>
        implements Reconciler<P> {
    public static final String NAME = "taskpolicy";
    /** How often a policy whose Elasticsearch resource is missing looks again, besides the watch waking it. */
    static final java.time.Duration NOT_FOUND_RECHECK = java.time.Duration.ofMinutes(1);
    public static final String CLUSTER_SCOPED_NAME = "clustertaskpolicy";
    private static final Logger LOG = LoggerFactory.getLogger(TaskPolicyReconciler.class);

    private final SecretResolver secrets;
    private final ClusterPollers pollers;
    private final PassLedger ledger;
    private final EventRecorder events;
    private final Clock clock;
    private final Consumer<PolicyKey> onDeleted;
    private final StatusComposer composer = new StatusComposer();
    private final EventPlanner eventPlanner = new EventPlanner();
    private final SimpleInboundEventSource<P> passEvents = new SimpleInboundEventSource<>("pass-results");
    /** Wakes a policy when a Secret it names is created, changed or deleted. */
    private final SimpleInboundEventSource<P> secretEvents = new SimpleInboundEventSource<>("secret-changes");
    /** Where Secrets are read: a watch on each Secret a policy names, and on no other; shared by both kinds. */
    private final ReferencedSecrets referencedSecrets;
    /** Wakes a policy when the ECK Elasticsearch resource it names is created, changed or deleted. */
    private final SimpleInboundEventSource<P> elasticsearchEvents = new SimpleInboundEventSource<>("elasticsearch-changes");
    /** A watch on each ECK Elasticsearch resource a policy names, and on no other. */
    private final ReferencedElasticsearches referencedElasticsearches;
    private final boolean allowCrossNamespaceReferences;
    /** Where decisions of policies with spec.audit.dataStream are written; never in the way of enforcement. */
    private final AuditTrails audit;
    /** The audit trail of each governed policy with a data stream, as its last reconcile saw it (health aside). */
    private final java.util.Map<PolicyKey, AuditCondition.State> audited = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param referencedSecrets the operator's one set of Secret watches; its wake-ups are passed to
     *                          {@link #secretChanged} of the reconciler of the policy's kind
     * @param referencedElasticsearches the operator's one set of watches on ECK Elasticsearch resources; its
     *                          wake-ups are passed to {@link #elasticsearchChanged} likewise
     * @param allowCrossNamespaceReferences whether an {@code elasticsearchRef} may name another namespace
     *                                      ({@link OperatorSettings#ALLOW_CROSS_NAMESPACE_REFERENCES})
     * @param audit where decisions of policies with {@code spec.audit.dataStream} are written
     */
    protected TaskPolicyReconciler(ReferencedSecrets referencedSecrets, ReferencedElasticsearches referencedElasticsearches,
                                   boolean allowCrossNamespaceReferences, AuditTrails audit, ClusterPollers pollers,
                                   PassLedger ledger, EventRecorder events, Clock clock, Consumer<PolicyKey> onDeleted) {
        this.referencedSecrets = referencedSecrets;
        this.referencedElasticsearches = referencedElasticsearches;
        this.allowCrossNamespaceReferences = allowCrossNamespaceReferences;
        this.audit = audit;
        this.secrets = new SecretResolver(referencedSecrets);
        this.pollers = pollers;
        this.ledger = ledger;
        this.events = events;
        this.clock = clock;
        this.onDeleted = onDeleted;
    }

    /** Wakes the reconcile of one policy of this kind; pollers call it after each pass. */
    public void observationArrived(PolicyKey policy) {
        wake(passEvents, policy);
    }

    /** Wakes the reconcile of one policy of this kind because a Secret it names changed. */
    public void secretChanged(PolicyKey policy) {
        wake(secretEvents, policy);
    }

    /** Wakes the policy: an ECK Elasticsearch resource it names was created, changed or deleted. */
    public void elasticsearchChanged(PolicyKey policy) {
        wake(elasticsearchEvents, policy);
    }

    private void wake(SimpleInboundEventSource<P> source, PolicyKey policy) {
        source.propagateEvent(new ResourceID(policy.name(), policy.namespace()));
    }

    @Override
    public List<EventSource<?, P>> prepareEventSources(EventSourceContext<P> context) {
        return List.of(passEvents, secretEvents, elasticsearchEvents);
    }

    /** The policy's key, distinct for each kind ({@link PolicyKey}). */
    protected abstract PolicyKey keyOf(P resource);

    /**
     * The namespace the Secrets the policy names are read from.
     *
     * @throws SecretProblemException when there is none to read them from
     */
    protected abstract String secretNamespace(P resource) throws SecretProblemException;

    /**
     * The namespace an {@code elasticsearchRef} may name without {@link OperatorSettings#ALLOW_CROSS_NAMESPACE_REFERENCES}:
     * the policy's own, or for a ClusterTaskPolicy the cluster resource namespace; null when there is none.
     */
    protected abstract String homeNamespace(P resource);

    /**
     * Records the policy's state in status, written only when it changed ({@link StatusChange}), with one
     * status PUT carrying the resourceVersion it was composed from: JOSDK's
     * {@link PrimaryUpdateAndCacheUtils} caches what was written so that the next reconcile builds on it
     * even before the informer has seen it, and on a 409 recomposes from the newer copy. So a counter
     * never goes back.
     */
    @Override
    public UpdateControl<P> reconcile(P resource, Context<P> context) {
        PolicyKey key = keyOf(resource);
        // Marked for deletion is as good as gone: a finalizer an older version set keeps it until removed by hand.
        if (context.isPrimaryResourceDeleted() || resource.isMarkedForDeletion()) {
            forget(resource, key);
            return UpdateControl.noUpdate();
        }
        PolicyState state = observe(resource, key);
        PassLedger.Snapshot snapshot = ledger.drain(key);
        Instant now = clock.instant();
        AtomicReference<TaskPolicyStatus> base = new AtomicReference<>(resource.getStatus());
        AuditCondition.State auditState = auditState(key);
        TaskPolicyStatus next = withAudit(composer.compose(base.get(), generationOf(resource), state, snapshot, now),
                auditState, generationOf(resource), now);
        if (StatusChange.worthWriting(base.get(), next)) {
            try {
                PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(resource, context, fresh -> {
                    // Called again with a newer copy after a conflict: compose from what is stored.
                    base.set(fresh.getStatus());
                    fresh.setStatus(withAudit(composer.compose(fresh.getStatus(), generationOf(fresh), state, snapshot, now),
                            auditState, generationOf(fresh), now));
                    return fresh;
                });
            } catch (RuntimeException e) {
                // Keep the decisions for the next attempt so that no cancellation goes unrecorded.
                ledger.giveBack(key, snapshot);
                throw e;
            }
        }
        if (snapshot.dropped().total() > 0) {
            LOG.warn("policy {}: {} decision(s) came faster than status could record them one by one; "
                    + "the counters include them", key, snapshot.dropped().total());
        }
        StatusComposer.Verdict before = StatusComposer.verdictOf(base.get());
        StatusComposer.Verdict after = StatusComposer.verdict(state, snapshot.latest(), before);
        if (snapshot.latest() == null && before != null && state instanceof PolicyState.Active) {
            after = before; // no new pass yet: nothing has changed for events
        }
        for (PlannedEvent event : eventPlanner.plan(before, after, snapshot.newDecisions())) {
            events.record(resource, event);
        }
        if (state instanceof PolicyState.ReferenceProblem problem && problem.reason() == ReadyReason.ElasticsearchNotFound) {
            // ECK's CRD may be missing: then no watch can tell when it arrives, so look again now and then.
            return UpdateControl.<P>noUpdate().rescheduleAfter(NOT_FOUND_RECHECK);
        }
        return UpdateControl.noUpdate();
    }

    /**
     * Every failure of a reconcile reaches status: Ready False/ReconcileFailed with what failed, and a
     * Warning Event when it starts. JOSDK patches the status (only when that changes it) and retries
     * with backoff; the next successful reconcile writes the real verdict and whatever decisions waited
     * in the ledger.
     */
    @Override
    public ErrorStatusUpdateControl<P> updateErrorStatus(P resource, Context<P> context,
                                                                  Exception e) {
        PolicyKey key = keyOf(resource);
        // JOSDK hands over what reconcile threw wrapped in its own exception; status names the cause.
        Exception cause = e instanceof OperatorException && e.getCause() instanceof Exception inner ? inner : e;
        LOG.warn("policy {}: reconcile failed, status says so and it is retried: {}", key, cause.toString());
        TaskPolicyStatus previous = resource.getStatus();
        TaskPolicyStatus next = composer.failed(previous, generationOf(resource), cause, clock.instant());
        StatusComposer.Verdict before = StatusComposer.verdictOf(previous);
        for (PlannedEvent event : eventPlanner.plan(before, StatusComposer.verdictOf(next), List.of())) {
            events.record(resource, event);
        }
        if (!StatusChange.worthWriting(previous, next)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        resource.setStatus(next);
        return ErrorStatusUpdateControl.patchStatus(resource);
    }

    private PolicyState observe(P resource, PolicyKey key) {
        CompiledPolicy policy;
        try {
            policy = PolicyCompiler.compile(resource);
        } catch (InvalidPolicyException e) {
            stopGoverning(key);
            return new PolicyState.Invalid(e.problems().stream().map(Object::toString).toList());
        }
        if (policy.suspended()) {
            stopGoverning(key);
            return new PolicyState.Suspended();
        }
        ElasticsearchReference reference = policy.cluster().reference();
        String home = homeNamespace(resource);
        if (reference != null && !allowCrossNamespaceReferences && !reference.namespace().equals(home)) {
            stopGoverning(key);
            return new PolicyState.ReferenceProblem(ReadyReason.CrossNamespaceReferenceRefused,
                    "spec.elasticsearch.elasticsearchRef names " + reference + " in another namespace than "
                            + (home == null ? "the cluster resource namespace (none is set)" : home)
                            + "; the operator refuses references across namespaces unless it runs with "
                            + OperatorSettings.ALLOW_CROSS_NAMESPACE_REFERENCES + "=true", null);
        }
        AuditDestination auditDestination = policy.audit().dataStream();
        ClusterTarget auditCluster = auditDestination == null ? null : auditDestination.cluster();
        String secretNamespace = null;
        if (namesSecrets(policy.cluster()) || (auditCluster != null && namesSecrets(auditCluster))) {
            try {
                secretNamespace = secretNamespace(resource);
            } catch (SecretProblemException e) {
                stopGoverning(key);
                return new PolicyState.CredentialsProblem(e.getMessage());
            }
        }
        ElasticsearchHealth health = null;
        ReferencedElasticsearches.Lookup lookup = null;
        if (reference == null) {
            referencedElasticsearches.release(key);
        } else {
            lookup = referencedElasticsearches.use(key, reference);
            health = lookup instanceof ReferencedElasticsearches.Lookup.Found found ? found.health() : null;
        }
        // Secrets are watched even while the Elasticsearch resource is missing: either arriving wakes the policy.
        java.util.Set<ReferencedSecrets.SecretId> named = new java.util.HashSet<>(ReferencedSecrets.namedIn(secretNamespace, policy.cluster()));
        if (auditCluster != null) {
            named.addAll(ReferencedSecrets.namedIn(secretNamespace, auditCluster));
        }
        referencedSecrets.use(key, named);
        if (lookup instanceof ReferencedElasticsearches.Lookup.NotInstalled) {
            pollers.remove(key);
            return new PolicyState.ReferenceProblem(ReadyReason.ElasticsearchNotFound, "spec.elasticsearch.elasticsearchRef names "
                    + reference + ", but the API server has no elasticsearches.elasticsearch.k8s.elastic.co: ECK is not "
                    + "installed; looked for again every " + NOT_FOUND_RECHECK.toMinutes() + " minute(s)", null);
        }
        if (lookup instanceof ReferencedElasticsearches.Lookup.Absent) {
            pollers.remove(key);
            return new PolicyState.ReferenceProblem(ReadyReason.ElasticsearchNotFound,
                    "spec.elasticsearch.elasticsearchRef names " + reference + ", which does not exist", null);
        }
        if (reference != null && referencedSecrets.find(reference.namespace(), policy.cluster().caSecretName()).isEmpty()) {
            pollers.remove(key);
            return new PolicyState.ReferenceProblem(ReadyReason.CertificateNotFound, "Secret " + reference.namespace() + "/"
                    + policy.cluster().caSecretName() + " (the HTTP CA ECK publishes for " + reference
                    + ") not found", health);
        }
        ClusterConnection connection;
        try {
            connection = secrets.resolve(secretNamespace, policy.cluster());
        } catch (SecretProblemException e) {
            // The Secrets stay watched: their arrival or repair is what brings the policy back.
            pollers.remove(key);
            return new PolicyState.CredentialsProblem(e.getMessage());
        }
        routeAudit(key, secretNamespace, policy);
        pollers.assign(policy, connection);
        return new PolicyState.Active(health);
    }

    /** The audit cluster's Secrets only matter to the audit trail: a problem with them never stops enforcement. */
    private void routeAudit(PolicyKey key, String namespace, CompiledPolicy policy) {
        AuditDestination destination = policy.audit().dataStream();
        if (destination == null) {
            audit.route(key, null);
            audited.remove(key);
            return;
        }
        String problem = null;
        if (destination.cluster() == null) {
            audit.route(key, null);
        } else {
            try {
                audit.route(key, secrets.resolve(namespace, destination.cluster()));
            } catch (SecretProblemException e) {
                audit.route(key, null);
                problem = "spec.audit.dataStream.elasticsearch: " + e.getMessage();
            }
        }
        String target = (destination.cluster() == null ? policy.cluster() : destination.cluster()).url().toString();
        audited.put(key, new AuditCondition.State(destination, target, problem, java.util.Optional.empty()));
    }

    private AuditCondition.State auditState(PolicyKey key) {
        AuditCondition.State state = audited.get(key);
        return state == null ? AuditCondition.State.NONE
                : new AuditCondition.State(state.destination(), state.target(), state.credentialsProblem(), audit.health(key));
    }

    private static TaskPolicyStatus withAudit(TaskPolicyStatus status, AuditCondition.State state, long generation, Instant now) {
        status.setConditions(AuditCondition.apply(status.getConditions(), state, generation, now));
        return status;
    }

    /**
     * The policy's poller lets go of it. What its passes decided and status has not yet recorded stays in
     * the ledger, including the decisions of a pass still running now: those cancels happened. Only
     * deletion forgets them.
     */
    private static boolean namesSecrets(ClusterTarget cluster) {
        return cluster.credentialsSecret() != null || cluster.caSecretName() != null;
    }

    private void stopGoverning(PolicyKey key) {
        pollers.remove(key);
        audit.forget(key);
        audited.remove(key);
        referencedSecrets.release(key);
        referencedElasticsearches.release(key);
    }

    private static long generationOf(CustomResource<?, ?> resource) {
        Long generation = resource.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    /** The policy is gone: its poller lets go of it and what the process kept for it is dropped. */
    private void forget(P resource, PolicyKey key) {
        stopGoverning(key);
        ledger.forget(key);
        events.forget(resource);
        onDeleted.accept(key);
        LOG.info("policy {} deleted: no longer governed", key);
    }

    /** The namespaced kind: keyed by namespace and name; its Secrets live in its own namespace. */
    @ControllerConfiguration(name = NAME, triggerReconcilerOnAllEvents = true)
    public static final class Namespaced extends TaskPolicyReconciler<TaskPolicy> {
        public Namespaced(ReferencedSecrets referencedSecrets, ReferencedElasticsearches referencedElasticsearches,
                          boolean allowCrossNamespaceReferences, AuditTrails audit, ClusterPollers pollers,
                          PassLedger ledger, EventRecorder events, Clock clock, Consumer<PolicyKey> onDeleted) {
            super(referencedSecrets, referencedElasticsearches, allowCrossNamespaceReferences, audit, pollers, ledger,
                    events, clock, onDeleted);
        }

        @Override
        protected String homeNamespace(TaskPolicy resource) {
            return resource.getMetadata().getNamespace();
        }

        @Override
        protected PolicyKey keyOf(TaskPolicy resource) {
            return new PolicyKey(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
        }

        @Override
        protected String secretNamespace(TaskPolicy resource) {
            return resource.getMetadata().getNamespace();
        }
    }

    /**
     * The cluster-scoped kind: keyed by name ({@link PolicyKey#clusterScoped}); its Secrets live in the
     * operator's cluster resource namespace ({@link OperatorSettings#clusterResourceNamespace()}).
     */
    @ControllerConfiguration(name = CLUSTER_SCOPED_NAME, triggerReconcilerOnAllEvents = true)
    public static final class ClusterScoped extends TaskPolicyReconciler<ClusterTaskPolicy> {
        private final String clusterResourceNamespace;

        /** @param clusterResourceNamespace where the Secrets of every ClusterTaskPolicy live; null when none is set */
        public ClusterScoped(ReferencedSecrets referencedSecrets, ReferencedElasticsearches referencedElasticsearches,
                             boolean allowCrossNamespaceReferences, AuditTrails audit, ClusterPollers pollers,
                             PassLedger ledger, EventRecorder events, Clock clock, Consumer<PolicyKey> onDeleted,
                             String clusterResourceNamespace) {
            super(referencedSecrets, referencedElasticsearches, allowCrossNamespaceReferences, audit, pollers, ledger,
                    events, clock, onDeleted);
            this.clusterResourceNamespace = clusterResourceNamespace;
        }

        @Override
        protected String homeNamespace(ClusterTaskPolicy resource) {
            return clusterResourceNamespace;
        }

        @Override
        protected PolicyKey keyOf(ClusterTaskPolicy resource) {
            return PolicyKey.clusterScoped(resource.getMetadata().getName());
        }

        @Override
        protected String secretNamespace(ClusterTaskPolicy resource) throws SecretProblemException {
            if (clusterResourceNamespace == null) {
                throw new SecretProblemException("a ClusterTaskPolicy's Secrets are read from the operator's cluster"
                        + " resource namespace, and none is set (" + OperatorSettings.CLUSTER_RESOURCE_NAMESPACE
                        + ", or " + OperatorSettings.POD_NAMESPACE + ")");
            }
            return clusterResourceNamespace;
        }
    }
}
