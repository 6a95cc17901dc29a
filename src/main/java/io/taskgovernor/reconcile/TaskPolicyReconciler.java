package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.audit.AuditTrails;
import io.taskgovernor.api.TaskPolicyStatus;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.enforce.ClusterPollers;
import io.taskgovernor.policy.AuditDestination;
import io.taskgovernor.policy.ClusterTarget;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.InvalidPolicyException;
import io.taskgovernor.policy.PolicyCompiler;
import io.taskgovernor.policy.PolicyKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
 */
@ControllerConfiguration(name = TaskPolicyReconciler.NAME, triggerReconcilerOnAllEvents = true)
public final class TaskPolicyReconciler implements Reconciler<TaskPolicy> {
    public static final String NAME = "taskpolicy";
    private static final Logger LOG = LoggerFactory.getLogger(TaskPolicyReconciler.class);

    private final SecretResolver secrets;
    private final ClusterPollers pollers;
    private final PassLedger ledger;
    private final EventRecorder events;
    private final Clock clock;
    private final java.util.function.Consumer<PolicyKey> onDeleted;
    private final StatusComposer composer = new StatusComposer();
    private final EventPlanner eventPlanner = new EventPlanner();
    private final SimpleInboundEventSource<TaskPolicy> passEvents = new SimpleInboundEventSource<>("pass-results");
    /** Wakes a policy when a Secret it names is created, changed or deleted. */
    private final SimpleInboundEventSource<TaskPolicy> secretEvents = new SimpleInboundEventSource<>("secret-changes");
    /** Where Secrets are read: a watch on each Secret a policy names, and on no other. */
    private final ReferencedSecrets referencedSecrets;
    /** Where decisions of policies with spec.audit.dataStream are written; never in the way of enforcement. */
    private final AuditTrails audit;
    /** The audit trail of each governed policy with a data stream, as its last reconcile saw it (health aside). */
    private final java.util.Map<PolicyKey, AuditCondition.State> audited = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param client reads the Secrets the policies name, and only those */
    public TaskPolicyReconciler(KubernetesClient client, ClusterPollers pollers, PassLedger ledger,
                                EventRecorder events, Clock clock, java.util.function.Consumer<PolicyKey> onDeleted,
                                AuditTrails audit) {
        this.audit = audit;
        this.referencedSecrets = new ReferencedSecrets(client, key -> wake(secretEvents, key));
        this.secrets = new SecretResolver(referencedSecrets);
        this.pollers = pollers;
        this.ledger = ledger;
        this.events = events;
        this.clock = clock;
        this.onDeleted = onDeleted;
    }

    /** Wakes the reconcile of one policy; pollers call it after each pass. */
    public void observationArrived(PolicyKey policy) {
        wake(passEvents, policy);
    }

    private static void wake(SimpleInboundEventSource<TaskPolicy> source, PolicyKey policy) {
        source.propagateEvent(new ResourceID(policy.name(), policy.namespace()));
    }

    @Override
    public List<EventSource<?, TaskPolicy>> prepareEventSources(EventSourceContext<TaskPolicy> context) {
        return List.of(passEvents, secretEvents);
    }

    /** Stops the watches on the Secrets the policies name; the operator calls it when it stops. */
    public void stopWatchingSecrets() {
        referencedSecrets.close();
    }

    /**
     * Records the policy's state in status, written only when it changed ({@link StatusChange}), with one
     * status PUT carrying the resourceVersion it was composed from: JOSDK's
     * {@link PrimaryUpdateAndCacheUtils} caches what was written so that the next reconcile builds on it
     * even before the informer has seen it, and on a 409 recomposes from the newer copy. So a counter
     * never goes back.
     */
    @Override
    public UpdateControl<TaskPolicy> reconcile(TaskPolicy resource, Context<TaskPolicy> context) {
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
        return UpdateControl.noUpdate();
    }

    /**
     * Every failure of a reconcile reaches status: Ready False/ReconcileFailed with what failed, and a
     * Warning Event when it starts. JOSDK patches the status (only when that changes it) and retries
     * with backoff; the next successful reconcile writes the real verdict and whatever decisions waited
     * in the ledger.
     */
    @Override
    public ErrorStatusUpdateControl<TaskPolicy> updateErrorStatus(TaskPolicy resource, Context<TaskPolicy> context,
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

    private PolicyState observe(TaskPolicy resource, PolicyKey key) {
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
        ClusterConnection connection;
        String namespace = resource.getMetadata().getNamespace();
        AuditDestination auditDestination = policy.audit().dataStream();
        ClusterTarget auditCluster = auditDestination == null ? null : auditDestination.cluster();
        java.util.Set<ReferencedSecrets.SecretId> named = new java.util.HashSet<>(ReferencedSecrets.namedIn(namespace, policy.cluster()));
        if (auditCluster != null) {
            named.addAll(ReferencedSecrets.namedIn(namespace, auditCluster));
        }
        referencedSecrets.use(key, named);
        try {
            connection = secrets.resolve(namespace, policy.cluster());
        } catch (SecretProblemException e) {
            // The Secrets stay watched: their arrival or repair is what brings the policy back.
            pollers.remove(key);
            return new PolicyState.CredentialsProblem(e.getMessage());
        }
        routeAudit(key, namespace, policy);
        pollers.assign(policy, connection);
        return new PolicyState.Active();
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
    private void stopGoverning(PolicyKey key) {
        pollers.remove(key);
        audit.forget(key);
        audited.remove(key);
        referencedSecrets.release(key);
    }

    private static PolicyKey keyOf(TaskPolicy resource) {
        return new PolicyKey(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    }

    private static long generationOf(TaskPolicy resource) {
        Long generation = resource.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    /** The policy is gone: its poller lets go of it and what the process kept for it is dropped. */
    private void forget(TaskPolicy resource, PolicyKey key) {
        stopGoverning(key);
        ledger.forget(key);
        events.forget(resource);
        onDeleted.accept(key);
        LOG.info("policy {} deleted: no longer governed", key);
    }
}
