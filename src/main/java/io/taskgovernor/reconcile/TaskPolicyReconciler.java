package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.api.TaskPolicyStatus;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.enforce.ClusterPollers;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.InvalidPolicyException;
import io.taskgovernor.policy.PolicyCompiler;
import io.taskgovernor.policy.PolicyKey;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observe → validate → enforce → record. Enforcement itself runs in the shared cluster pollers;
 * a reconcile hands the policy to its cluster's poller and records what the poller last observed.
 * Pollers trigger a reconcile after every pass through {@link #passEvents}.
 */
@ControllerConfiguration(name = TaskPolicyReconciler.NAME)
public final class TaskPolicyReconciler implements Reconciler<TaskPolicy>, Cleaner<TaskPolicy> {
    public static final String NAME = "taskpolicy";
    private static final Logger LOG = LoggerFactory.getLogger(TaskPolicyReconciler.class);

    private final KubernetesClient client;
    private final SecretResolver secrets;
    private final ClusterPollers pollers;
    private final PassLedger ledger;
    private final EventRecorder events;
    private final Clock clock;
    private final java.util.function.Consumer<PolicyKey> onDeleted;
    private final StatusComposer composer = new StatusComposer();
    private final EventPlanner eventPlanner = new EventPlanner();
    private final WrittenStatuses written = new WrittenStatuses();
    private final SimpleInboundEventSource<TaskPolicy> passEvents = new SimpleInboundEventSource<>("pass-results");
    /** Wakes the policies that use a Secret when it changes, and is where Secrets are read. */
    private volatile InformerEventSource<Secret, TaskPolicy> secretCache;

    public TaskPolicyReconciler(KubernetesClient client, ClusterPollers pollers, PassLedger ledger,
                                EventRecorder events, Clock clock, java.util.function.Consumer<PolicyKey> onDeleted) {
        this.client = client;
        this.secrets = new SecretResolver((namespace, name) -> secretCache.get(new ResourceID(name, namespace)));
        this.pollers = pollers;
        this.ledger = ledger;
        this.events = events;
        this.clock = clock;
        this.onDeleted = onDeleted;
    }

    /** Wakes the reconcile of one policy; pollers call it after each pass. */
    public void observationArrived(PolicyKey policy) {
        passEvents.propagateEvent(new ResourceID(policy.name(), policy.namespace()));
    }

    @Override
    public List<EventSource<?, TaskPolicy>> prepareEventSources(EventSourceContext<TaskPolicy> context) {
        secretCache = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, TaskPolicy.class)
                        .withName("secrets")
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                                .list(secret.getMetadata().getNamespace())
                                .filter(policy -> references(policy, secret.getMetadata().getName()))
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context);
        return List.of(passEvents, secretCache);
    }

    static boolean references(TaskPolicy policy, String secretName) {
        var spec = policy.getSpec();
        if (spec == null || spec.getElasticsearch() == null) {
            return false;
        }
        var es = spec.getElasticsearch();
        return secretName.equals(es.getCredentialsSecret())
                || (es.getCaSecret() != null && secretName.equals(es.getCaSecret().getName()));
    }

    @Override
    public UpdateControl<TaskPolicy> reconcile(TaskPolicy resource, Context<TaskPolicy> context) {
        PolicyKey key = keyOf(resource);
        PolicyState state = observe(resource, key);
        PassLedger.Snapshot snapshot = ledger.drain(key);
        TaskPolicyStatus previous = written.freshest(key, resource);
        TaskPolicyStatus next = composer.compose(previous, generationOf(resource), state, snapshot, clock.instant());
        try {
            patchStatus(resource, next);
        } catch (RuntimeException e) {
            // Keep the decisions for the next attempt so that no cancellation goes unrecorded.
            ledger.giveBack(key, snapshot);
            throw e;
        }
        written.wrote(key, resource, next);
        if (snapshot.dropped().total() > 0) {
            LOG.warn("policy {}: {} decision(s) came faster than status could record them one by one; "
                    + "the counters include them", key, snapshot.dropped().total());
        }
        StatusComposer.Verdict before = StatusComposer.verdictOf(previous);
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
     * Warning Event when it starts. JOSDK patches the status and retries with backoff; the next
     * successful reconcile writes the real verdict and whatever decisions waited in the ledger.
     */
    @Override
    public ErrorStatusUpdateControl<TaskPolicy> updateErrorStatus(TaskPolicy resource, Context<TaskPolicy> context,
                                                                  Exception e) {
        PolicyKey key = keyOf(resource);
        // JOSDK hands over what reconcile threw wrapped in its own exception; status names the cause.
        Exception cause = e instanceof OperatorException && e.getCause() instanceof Exception inner ? inner : e;
        LOG.warn("policy {}: reconcile failed, status says so and it is retried: {}", key, cause.toString());
        TaskPolicyStatus previous = written.freshest(key, resource);
        TaskPolicyStatus next = composer.failed(previous, generationOf(resource), cause, clock.instant());
        StatusComposer.Verdict before = StatusComposer.verdictOf(previous);
        for (PlannedEvent event : eventPlanner.plan(before, StatusComposer.verdictOf(next), List.of())) {
            events.record(resource, event);
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
        try {
            connection = secrets.resolve(resource.getMetadata().getNamespace(), policy.cluster());
        } catch (SecretProblemException e) {
            stopGoverning(key);
            return new PolicyState.CredentialsProblem(e.getMessage());
        }
        pollers.assign(policy, connection);
        return new PolicyState.Active();
    }

    /**
     * The policy's poller lets go of it. What its passes decided and status has not yet recorded stays in
     * the ledger, including the decisions of a pass still running now: those cancels happened. Only
     * deletion forgets them.
     */
    private void stopGoverning(PolicyKey key) {
        pollers.remove(key);
    }

    /**
     * Replaces the whole status, and nothing else, with one JSON patch on the status subresource.
     * A merge patch would keep fields the new status no longer has, and the test API server merges
     * lists inside a merge patch instead of replacing them.
     */
    private void patchStatus(TaskPolicy resource, TaskPolicyStatus status) {
        String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(status) + "}]";
        client.resources(TaskPolicy.class)
                .inNamespace(resource.getMetadata().getNamespace())
                .withName(resource.getMetadata().getName())
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON), patch);
    }

    private static PolicyKey keyOf(TaskPolicy resource) {
        return new PolicyKey(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    }

    private static long generationOf(TaskPolicy resource) {
        Long generation = resource.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    @Override
    public DeleteControl cleanup(TaskPolicy resource, Context<TaskPolicy> context) {
        PolicyKey key = keyOf(resource);
        stopGoverning(key);
        ledger.forget(key);
        written.forget(key);
        events.forget(resource);
        onDeleted.accept(key);
        LOG.info("policy {} deleted: no longer governed", key);
        return DeleteControl.defaultDelete();
    }

}
