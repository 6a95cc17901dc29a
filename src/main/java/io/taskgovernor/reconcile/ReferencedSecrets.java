package io.taskgovernor.reconcile;

import io.taskgovernor.policy.PolicyKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.taskgovernor.policy.ClusterTarget;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Secrets the governed policies name, and only those: each is watched on its own (list and watch
 * with {@code fieldSelector=metadata.name=<name>} in its namespace) from the first reconcile of a policy
 * that names it until no policy names it any more. So the operator holds the data of the Secrets it
 * uses and learns at once when one is created, changed or deleted, while the other Secrets of the
 * namespace (Helm releases, service account tokens, other teams' credentials) are never listed,
 * watched or read.
 *
 * <p>One watch per referenced Secret rather than one per namespace: Fabric8 7.5 has no metadata-only
 * ({@code PartialObjectMetadata}) requests, and a label selector would oblige users to label Secrets
 * that other tools own (an ECK {@code <cluster>-es-http-certs-public}). Policies of one cluster
 * usually share their Secrets, so the watches number the distinct Secrets, not the policies.
 *
 * <p>Thread-safe: reconciles of different policies call it at the same time.
 */
public final class ReferencedSecrets implements SecretResolver.SecretLookup, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReferencedSecrets.class);

    /** A Secret by namespace and name. */
    public record SecretId(String namespace, String name) {
        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    private final KubernetesClient client;
    private final Consumer<PolicyKey> wake;
    /** Guarded by this: which Secrets each policy (key {@code namespace/name}) names. */
    private final Map<PolicyKey, Set<SecretId>> namedBy = new HashMap<>();
    /** Guarded by this: one watch per Secret some policy names. */
    private final Map<SecretId, Watch> watches = new HashMap<>();
    private boolean closed;

    /**
     * @param wake called with a policy key when a Secret the policy names is created, changed or deleted
     */
    public ReferencedSecrets(KubernetesClient client, Consumer<PolicyKey> wake) {
        this.client = client;
        this.wake = wake;
    }

    /**
     * The Secrets a policy's cluster settings name: the credentials in the policy's namespace, the CA there
     * too or, for an {@code elasticsearchRef}, ECK's CA Secret in the referenced namespace.
     */
    public static Set<SecretId> namedIn(String namespace, ClusterTarget target) {
        Set<SecretId> ids = new LinkedHashSet<>();
        if (target.credentialsSecret() != null) {
            ids.add(new SecretId(namespace, target.credentialsSecret()));
        }
        if (target.caSecretName() != null) {
            ids.add(new SecretId(target.caSecretNamespace(namespace), target.caSecretName()));
        }
        return ids;
    }

    /**
     * Records that the policy names exactly these Secrets: starts watching the new ones (blocking until
     * each watch has its first answer, so {@link #find} sees the Secret if it exists) and stops watching
     * those no policy names any more.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when a Secret cannot be listed
     *         (e.g. 403): the reconcile fails and is retried
     */
    public void use(PolicyKey policyKey, Set<SecretId> secrets) {
        List<Watch> toStart = new java.util.ArrayList<>();
        List<Watch> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            Set<SecretId> before = namedBy.put(policyKey, Set.copyOf(secrets));
            for (SecretId id : secrets) {
                toStart.add(watches.computeIfAbsent(id, Watch::new));
            }
            toStop = unwatchUnnamed(before);
        }
        toStop.forEach(Watch::stop);
        for (Watch watch : toStart) {
            watch.start();
        }
    }

    /** The policy names no Secret any more (suspended, invalid, deleted). */
    public void release(PolicyKey policyKey) {
        List<Watch> toStop;
        synchronized (this) {
            toStop = unwatchUnnamed(namedBy.remove(policyKey));
        }
        toStop.forEach(Watch::stop);
    }

    private List<Watch> unwatchUnnamed(Set<SecretId> candidates) {
        if (candidates == null) {
            return List.of();
        }
        Set<SecretId> stillNamed = new HashSet<>();
        namedBy.values().forEach(stillNamed::addAll);
        List<Watch> toStop = new java.util.ArrayList<>();
        for (SecretId id : candidates) {
            if (!stillNamed.contains(id)) {
                Watch watch = watches.remove(id);
                if (watch != null) {
                    toStop.add(watch);
                }
            }
        }
        return toStop;
    }

    /**
     * The Secret from its watch's cache; empty when it does not exist or no policy names it (call
     * {@link #use} first). Makes no request.
     */
    @Override
    public Optional<Secret> find(String namespace, String name) {
        Watch watch;
        synchronized (this) {
            watch = watches.get(new SecretId(namespace, name));
        }
        return watch == null ? Optional.empty() : watch.current();
    }

    /** The Secrets watched (and cached) now. */
    public synchronized Set<SecretId> watched() {
        return Set.copyOf(watches.keySet());
    }

    private synchronized Set<PolicyKey> policiesNaming(SecretId id) {
        Set<PolicyKey> keys = new HashSet<>();
        namedBy.forEach((key, ids) -> {
            if (ids.contains(id)) {
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
            all = List.copyOf(watches.values());
            watches.clear();
            namedBy.clear();
        }
        all.forEach(Watch::stop);
    }

    /** The list-and-watch of one Secret by name; its cache holds that Secret or nothing. */
    private final class Watch implements ResourceEventHandler<Secret> {
        private final SecretId id;
        private SharedIndexInformer<Secret> informer; // guarded by this
        private boolean stopped; // guarded by this
        /** Events before the first answer are the answer itself: the reconcile that started the watch reads it. */
        private volatile boolean synced;

        Watch(SecretId id) {
            this.id = id;
        }

        synchronized void start() {
            if (informer != null || stopped) {
                return;
            }
            informer = client.secrets().inNamespace(id.namespace()).withName(id.name()).inform(this, 0);
            synced = true;
            LOG.debug("watching Secret {}", id);
        }

        void stop() {
            SharedIndexInformer<Secret> running;
            synchronized (this) {
                stopped = true;
                running = informer;
                informer = null;
            }
            if (running != null) {
                running.close();
                LOG.debug("no policy names Secret {} any more: not watched", id);
            }
        }

        synchronized Optional<Secret> current() {
            if (informer == null) {
                return Optional.empty();
            }
            return informer.getStore().list().stream()
                    .filter(s -> id.name().equals(s.getMetadata().getName()))
                    .findFirst();
        }

        private void changed() {
            if (synced) {
                policiesNaming(id).forEach(wake);
            }
        }

        @Override
        public void onAdd(Secret secret) {
            changed();
        }

        @Override
        public void onUpdate(Secret before, Secret after) {
            // A re-list after a dropped watch repeats unchanged Secrets: only a new version is news.
            if (!Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                changed();
            }
        }

        @Override
        public void onDelete(Secret secret, boolean deletedFinalStateUnknown) {
            changed();
        }
    }
}
