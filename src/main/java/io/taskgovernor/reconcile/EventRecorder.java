package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events on a TaskPolicy, or on a ClusterTaskPolicy (in namespace {@value #CLUSTER_SCOPED_EVENTS},
 * where Kubernetes' own recorder puts the Events of cluster-scoped objects). Equal events (same policy, reason and message) are one
 * Event whose count rises, as kubectl shows them; and each policy may write at most
 * {@link #BURST} events a minute, so a storm of violations cannot flood the API server.
 */
public final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    static final int BURST = 30;
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final String COMPONENT = "task-governor";
    static final String CLUSTER_SCOPED_EVENTS = "default";

    private final KubernetesClient client;
    private final Clock clock;
    private final String instance;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        Instant start;
        int written;
        int suppressed;
    }

    public EventRecorder(KubernetesClient client, Clock clock, String instance) {
        this.client = client;
        this.clock = clock;
        this.instance = instance;
    }

    public void record(HasMetadata policy, PlannedEvent event) {
        String uid = policy.getMetadata().getUid();
        Window window = windows.computeIfAbsent(uid == null ? policy.getMetadata().getName() : uid, k -> new Window());
        int suppressedBefore;
        synchronized (window) {
            Instant now = clock.instant();
            if (window.start == null || !now.isBefore(window.start.plus(WINDOW))) {
                window.start = now;
                window.written = 0;
            }
            if (window.written >= BURST) {
                window.suppressed++;
                return;
            }
            window.written++;
            suppressedBefore = window.suppressed;
            window.suppressed = 0;
        }
        if (suppressedBefore > 0) {
            write(policy, new PlannedEvent(EventReason.EventsSuppressed,
                    suppressedBefore + " event(s) were not written to keep the event rate bounded; status has the details"));
        }
        write(policy, event);
    }

    public void forget(HasMetadata policy) {
        String uid = policy.getMetadata().getUid();
        windows.remove(uid == null ? policy.getMetadata().getName() : uid);
    }

    private void write(HasMetadata policy, PlannedEvent event) {
        String namespace = policy.getMetadata().getNamespace() == null ? CLUSTER_SCOPED_EVENTS : policy.getMetadata().getNamespace();
        String name = eventName(policy, event);
        String now = clock.instant().toString();
        try {
            var events = client.v1().events().inNamespace(namespace);
            Event existing = events.withName(name).get();
            if (existing != null) {
                existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
                existing.setLastTimestamp(now);
                events.resource(existing).update();
                return;
            }
            events.resource(new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(HasMetadata.getApiVersion(policy.getClass()))
                            .withKind(HasMetadata.getKind(policy.getClass()))
                            .withName(policy.getMetadata().getName())
                            .withNamespace(policy.getMetadata().getNamespace())
                            .withUid(policy.getMetadata().getUid())
                            .withResourceVersion(policy.getMetadata().getResourceVersion())
                            .build())
                    .withReason(event.reason().name())
                    .withMessage(StatusComposer.truncate(event.message()))
                    .withType(event.reason().type().name())
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent("taskgovernor.io/" + COMPONENT)
                    .withReportingInstance(instance)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .build()).create();
        } catch (RuntimeException e) {
            // An event is a courtesy: failing to write one must not fail the reconcile or lose status.
            LOG.warn("could not write event {} on {}/{}: {}", event.reason(), namespace,
                    policy.getMetadata().getName(), e.getMessage());
        }
    }

    static String eventName(HasMetadata policy, PlannedEvent event) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.valueOf(policy.getMetadata().getUid()).getBytes(StandardCharsets.UTF_8));
            digest.update(event.reason().name().getBytes(StandardCharsets.UTF_8));
            digest.update(event.message().getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(digest.digest(), 0, 8);
            String base = policy.getMetadata().getName();
            if (base.length() > 200) {
                base = base.substring(0, 200);
            }
            return base + "." + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
