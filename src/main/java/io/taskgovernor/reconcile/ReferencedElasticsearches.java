package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.taskgovernor.policy.ElasticsearchReference;
import io.taskgovernor.policy.PolicyKey;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECK {@code Elasticsearch} resources the governed policies name, and only those: each is watched on its
 * own (list and watch with {@code fieldSelector=metadata.name=<name>} in its namespace, the verbs
 * {@code deploy/rbac.yaml} grants) from the first reconcile of a policy that names it until no policy names
 * it any more, as {@link ReferencedSecrets} does for Secrets. A change of the resource (its health, its
 * phase, its deletion or creation) wakes the policies naming it.
 *
 * <p>Read as {@link GenericKubernetesResource} through a {@link ResourceDefinitionContext} written here, so
 * ECK's CRDs are no build dependency and no API discovery is needed. ECK's CRD need not be installed either:
 * the operator starts without it and url policies never come here; a watch whose list gets 404 (no such
 * resource type) is dropped and reported as {@link Lookup.NotInstalled}, and the next reconcile of the policy
 * (the reconciler reschedules it) tries again, so installing ECK later is noticed.
 *
 * <p>Thread-safe: reconciles of different policies call it at the same time.
 */
public final class ReferencedElasticsearches implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReferencedElasticsearches.class);
    static final ResourceDefinitionContext ELASTICSEARCH = new ResourceDefinitionContext.Builder()
            .withGroup(ElasticsearchReference.API_GROUP)
            .withVersion(ElasticsearchReference.API_VERSION)
            .withKind(ElasticsearchReference.KIND)
            .withPlural(ElasticsearchReference.PLURAL)
            .withNamespaced(true)
            .build();

    /** What is known of a referenced resource. */
    public sealed interface Lookup {
        record Found(ElasticsearchHealth health) implements Lookup {}

        record Absent() implements Lookup {}

        /** The API server does not serve {@code elasticsearches.elasticsearch.k8s.elastic.co}: ECK is not installed. */
        record NotInstalled() implements Lookup {}
    }

    private final KubernetesClient client;
    private final Consumer<PolicyKey> wake;
    /** Guarded by this. */
    private final Map<PolicyKey, ElasticsearchReference> namedBy = new HashMap<>();
    /** Guarded by this. */
    private final Map<ElasticsearchReference, Watch> watches = new HashMap<>();
    private boolean closed;

    /** @param wake called with a policy key when the resource it names is created, changed or deleted */
    public ReferencedElasticsearches(KubernetesClient client, Consumer<PolicyKey> wake) {
        this.client = client;
        this.wake = wake;
    }

    /**
     * Records that the policy names this resource, starts its watch when new (blocking until the first
     * answer), stops the one no policy names any more, and says what is known of it.
     *
     * @throws KubernetesClientException when the resource cannot be listed for another reason than a
     *         missing resource type (e.g. 403: RBAC lacks the verbs): the reconcile fails and is retried
     */
    public Lookup use(PolicyKey policy, ElasticsearchReference reference) {
        Watch watch;
        Watch toStop;
        synchronized (this) {
            if (closed) {
                return new Lookup.Absent();
            }
            ElasticsearchReference before = namedBy.put(policy, reference);
            watch = watches.computeIfAbsent(reference, Watch::new);
            toStop = Objects.equals(before, reference) ? null : unwatchUnnamed(before);
        }
        if (toStop != null) {
            toStop.stop();
        }
        try {
            watch.start();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                forgetWatch(reference, watch);
                throw e;
            }
            forgetWatch(reference, watch);
            return new Lookup.NotInstalled();
        }
        return watch.current();
    }

    /** The policy names no Elasticsearch resource any more (a url, suspended, invalid, deleted, refused). */
    public void release(PolicyKey policy) {
        Watch toStop;
        synchronized (this) {
            toStop = unwatchUnnamed(namedBy.remove(policy));
        }
        if (toStop != null) {
            toStop.stop();
        }
    }

    /** The resources watched now. */
    public synchronized Set<ElasticsearchReference> watched() {
        return Set.copyOf(watches.keySet());
    }

    private Watch unwatchUnnamed(ElasticsearchReference candidate) {
        if (candidate == null || namedBy.containsValue(candidate)) {
            return null;
        }
        return watches.remove(candidate);
    }

    /** A watch that could not start goes, so that the next reconcile starts a fresh one. */
    private void forgetWatch(ElasticsearchReference reference, Watch watch) {
        synchronized (this) {
            watches.remove(reference, watch);
        }
        watch.stop();
    }

    private synchronized Set<PolicyKey> policiesNaming(ElasticsearchReference reference) {
        Set<PolicyKey> keys = new HashSet<>();
        namedBy.forEach((key, named) -> {
            if (named.equals(reference)) {
                keys.add(key);
            }
        });
        return keys;
    }

    @Override
    public void close() {
        List<Watch> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(watches.values());
            watches.clear();
            namedBy.clear();
        }
        all.forEach(Watch::stop);
    }

    /** The list-and-watch of one Elasticsearch resource by name. */
    private final class Watch implements ResourceEventHandler<GenericKubernetesResource> {
        private final ElasticsearchReference reference;
        private SharedIndexInformer<GenericKubernetesResource> informer; // guarded by this
        private boolean stopped; // guarded by this
        /** Events before the first answer are the answer itself: the reconcile that started the watch reads it. */
        private volatile boolean synced;

        Watch(ElasticsearchReference reference) {
            this.reference = reference;
        }

        synchronized void start() {
            if (informer != null || stopped) {
                return;
            }
            informer = client.genericKubernetesResources(ELASTICSEARCH).inNamespace(reference.namespace())
                    .withName(reference.name()).inform(this, 0);
            synced = true;
            LOG.debug("watching {}", reference);
        }

        void stop() {
            SharedIndexInformer<GenericKubernetesResource> running;
            synchronized (this) {
                stopped = true;
                running = informer;
                informer = null;
            }
            if (running != null) {
                running.close();
                LOG.debug("no policy names {} any more: not watched", reference);
            }
        }

        synchronized Lookup current() {
            if (informer == null) {
                return new Lookup.Absent();
            }
            return informer.getStore().list().stream()
                    .filter(es -> reference.name().equals(es.getMetadata().getName()))
                    .findFirst()
                    .<Lookup>map(es -> new Lookup.Found(ElasticsearchHealth.of(es)))
                    .orElseGet(Lookup.Absent::new);
        }

        private void changed() {
            if (synced) {
                policiesNaming(reference).forEach(wake);
            }
        }

        @Override
        public void onAdd(GenericKubernetesResource resource) {
            changed();
        }

        @Override
        public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            // A re-list after a dropped watch repeats unchanged resources: only a new version is news.
            if (!Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                changed();
            }
        }

        @Override
        public void onDelete(GenericKubernetesResource resource, boolean deletedFinalStateUnknown) {
            changed();
        }
    }
}
