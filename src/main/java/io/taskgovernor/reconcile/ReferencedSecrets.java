package io.taskgovernor.reconcile;

import io.taskgovernor.policy.PolicyKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskgovernor.policy.ClusterTarget;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

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
 * usually share their Secrets, so the watches number the distinct Secrets, not the policies. The watches
 * themselves (reference counting, waking, the caches) are {@link NamedWatches}'.
 *
 * <p>Thread-safe: reconciles of different policies call it at the same time.
 */
public final class ReferencedSecrets implements SecretResolver.SecretLookup, AutoCloseable {
    /** A Secret by namespace and name. */
    public record SecretId(String namespace, String name) {
        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    private final NamedWatches<SecretId, Secret> watches;

    /**
     * @param wake called with a policy key when a Secret the policy names is created, changed or deleted
     */
    public ReferencedSecrets(KubernetesClient client, Consumer<PolicyKey> wake) {
        // A Secret whose watch failed to start (e.g. 403) keeps its unstarted watch: the next use starts it.
        this.watches = new NamedWatches<>("Secret", SecretId::name,
                (id, handler) -> client.secrets().inNamespace(id.namespace()).withName(id.name()).inform(handler, 0),
                wake, false);
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
        watches.use(policyKey, secrets);
    }

    /** The policy names no Secret any more (suspended, invalid, deleted). */
    public void release(PolicyKey policyKey) {
        watches.release(policyKey);
    }

    /**
     * The Secret from its watch's cache; empty when it does not exist or no policy names it (call
     * {@link #use} first). Makes no request.
     */
    @Override
    public Optional<Secret> find(String namespace, String name) {
        return watches.current(new SecretId(namespace, name));
    }

    /** The Secrets watched (and cached) now. */
    public Set<SecretId> watched() {
        return watches.watched();
    }

    @Override
    public void close() {
        watches.close();
    }
}
