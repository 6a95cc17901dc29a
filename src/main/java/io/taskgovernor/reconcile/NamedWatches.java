package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.taskgovernor.policy.PolicyKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches of the objects the governed policies name, one by name: each object (a key {@code K} naming a
 * namespace and a name) is watched on its own, with a list and watch that {@link Opener} opens (with
 * {@code fieldSelector=metadata.name=<name>} in its namespace), from the first reconcile of a policy that
 * names it until no policy names it any more. The watches are counted by the policies naming them: policies
 * that name the same object share one watch, so the watches number the distinct objects, not the policies.
 * A creation, a change (a new {@code resourceVersion}) or a deletion of a watched object wakes the policies
 * naming it; the object itself is read from its watch's cache ({@link #current}), without a request.
 *
 * <p>The machinery of {@link ReferencedSecrets} and {@link ReferencedElasticsearches}, which say what is
 * watched and what is made of it.
 *
 * <p>Thread-safe: reconciles of different policies call it at the same time.
 *
 * @param <K> what names one object (namespace and name), a value with {@code equals}, {@code hashCode} and a
 *            {@code toString} that log messages show
 * @param <T> the watched objects
 */
final class NamedWatches<K, T extends HasMetadata> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamedWatches.class);

    /** Opens the list and watch of one object by name, delivering its events to the handler. */
    @FunctionalInterface
    interface Opener<K, T> {
        /**
         * @return the running informer, its first list answered
         * @throws KubernetesClientException when the object cannot be listed
         */
        SharedIndexInformer<T> open(K key, ResourceEventHandler<T> handler);
    }

    private final String kind;
    private final Function<K, String> nameOf;
    private final Opener<K, T> opener;
    private final Consumer<PolicyKey> wake;
    private final boolean dropWatchThatFailsToStart;
    /** Guarded by this: which objects each policy names. */
    private final Map<PolicyKey, Set<K>> namedBy = new HashMap<>();
    /** Guarded by this: one watch per object some policy names. */
    private final Map<K, Watch> watches = new HashMap<>();
    private boolean closed;

    /**
     * @param kind   how log messages name the objects before their key ({@code "Secret"}), or empty
     * @param nameOf the object's name in a key, which the watch's cache is searched for
     * @param opener opens the watch of one object
     * @param wake   called with a policy key when an object the policy names is created, changed or deleted
     * @param dropWatchThatFailsToStart whether a watch whose start failed goes at once, so that the next
     *        {@link #use} starts a fresh one; otherwise it stays, unstarted, and the next {@link #use} starts it
     */
    NamedWatches(String kind, Function<K, String> nameOf, Opener<K, T> opener, Consumer<PolicyKey> wake,
            boolean dropWatchThatFailsToStart) {
        this.kind = kind.isEmpty() ? "" : kind + " ";
        this.nameOf = nameOf;
        this.opener = opener;
        this.wake = wake;
        this.dropWatchThatFailsToStart = dropWatchThatFailsToStart;
    }

    /**
     * Records that the policy names exactly these objects: starts watching the new ones (blocking until each
     * watch has its first answer, so {@link #current} sees the object if it exists) and stops watching those
     * no policy names any more. Does nothing once closed.
     *
     * @throws KubernetesClientException when an object cannot be listed (e.g. 403)
     */
    void use(PolicyKey policy, Set<K> keys) {
        List<Watch> toStart = new ArrayList<>();
        List<Watch> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            Set<K> before = namedBy.put(policy, Set.copyOf(keys));
            for (K key : keys) {
                toStart.add(watches.computeIfAbsent(key, Watch::new));
            }
            toStop = unwatchUnnamed(before);
        }
        toStop.forEach(Watch::stop);
        for (Watch watch : toStart) {
            try {
                watch.start();
            } catch (KubernetesClientException e) {
                if (dropWatchThatFailsToStart) {
                    forget(watch);
                }
                throw e;
            }
        }
    }

    /** The policy names none of these objects any more. */
    void release(PolicyKey policy) {
        List<Watch> toStop;
        synchronized (this) {
            toStop = unwatchUnnamed(namedBy.remove(policy));
        }
        toStop.forEach(Watch::stop);
    }

    private List<Watch> unwatchUnnamed(Set<K> candidates) {
        if (candidates == null) {
            return List.of();
        }
        Set<K> stillNamed = new HashSet<>();
        namedBy.values().forEach(stillNamed::addAll);
        List<Watch> toStop = new ArrayList<>();
        for (K key : candidates) {
            if (!stillNamed.contains(key)) {
                Watch watch = watches.remove(key);
                if (watch != null) {
                    toStop.add(watch);
                }
            }
        }
        return toStop;
    }

    /** A watch that could not start goes (that one, not one started since), so that the next use starts a fresh one. */
    private void forget(Watch watch) {
        synchronized (this) {
            watches.remove(watch.key, watch);
        }
        watch.stop();
    }

    /**
     * The object from its watch's cache; empty when it does not exist or no policy names it (call
     * {@link #use} first). Makes no request.
     */
    Optional<T> current(K key) {
        Watch watch;
        synchronized (this) {
            watch = watches.get(key);
        }
        return watch == null ? Optional.empty() : watch.current();
    }

    /** The objects watched (and cached) now. */
    synchronized Set<K> watched() {
        return Set.copyOf(watches.keySet());
    }

    private synchronized Set<PolicyKey> policiesNaming(K key) {
        Set<PolicyKey> keys = new HashSet<>();
        namedBy.forEach((policy, named) -> {
            if (named.contains(key)) {
                keys.add(policy);
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

    /** The list-and-watch of one object by name; its cache holds that object or nothing. */
    private final class Watch implements ResourceEventHandler<T> {
        private final K key;
        private SharedIndexInformer<T> informer; // guarded by this
        private boolean stopped; // guarded by this
        /** Events before the first answer are the answer itself: the reconcile that started the watch reads it. */
        private volatile boolean synced;

        Watch(K key) {
            this.key = key;
        }

        synchronized void start() {
            if (informer != null || stopped) {
                return;
            }
            informer = opener.open(key, this);
            synced = true;
            LOG.debug("watching {}{}", kind, key);
        }

        void stop() {
            SharedIndexInformer<T> running;
            synchronized (this) {
                stopped = true;
                running = informer;
                informer = null;
            }
            if (running != null) {
                running.close();
                LOG.debug("no policy names {}{} any more: not watched", kind, key);
            }
        }

        synchronized Optional<T> current() {
            if (informer == null) {
                return Optional.empty();
            }
            String name = nameOf.apply(key);
            return informer.getStore().list().stream()
                    .filter(object -> name.equals(object.getMetadata().getName()))
                    .findFirst();
        }

        private void changed() {
            if (synced) {
                policiesNaming(key).forEach(wake);
            }
        }

        @Override
        public void onAdd(T object) {
            changed();
        }

        @Override
        public void onUpdate(T before, T after) {
            // A re-list after a dropped watch repeats unchanged objects: only a new version is news.
            if (!Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                changed();
            }
        }

        @Override
        public void onDelete(T object, boolean deletedFinalStateUnknown) {
            changed();
        }
    }
}
