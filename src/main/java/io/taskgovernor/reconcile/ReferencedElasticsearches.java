package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.taskgovernor.policy.ElasticsearchReference;
import io.taskgovernor.policy.PolicyKey;
import java.net.HttpURLConnection;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ECK {@code Elasticsearch} resources the governed policies name, and only those: each is watched on its
 * own (list and watch with {@code fieldSelector=metadata.name=<name>} in its namespace, the verbs
 * {@code deploy/rbac.yaml} grants) from the first reconcile of a policy that names it until no policy names
 * it any more, as {@link ReferencedSecrets} does for Secrets. A change of the resource (its health, its
 * phase, its deletion or creation) wakes the policies naming it. The watches themselves (reference counting,
 * waking, the caches) are {@link NamedWatches}'.
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

    /** Each policy names one resource at most. */
    private final NamedWatches<ElasticsearchReference, GenericKubernetesResource> watches;

    /** @param wake called with a policy key when the resource it names is created, changed or deleted */
    public ReferencedElasticsearches(KubernetesClient client, Consumer<PolicyKey> wake) {
        // A watch that failed to start goes (404 included), so that the next reconcile starts a fresh one.
        this.watches = new NamedWatches<>("", ElasticsearchReference::name,
                (reference, handler) -> client.genericKubernetesResources(ELASTICSEARCH)
                        .inNamespace(reference.namespace()).withName(reference.name()).inform(handler, 0),
                wake, true);
    }

    /**
     * Records that the policy names this resource, starts its watch when new (blocking until the first
     * answer), stops the one no policy names any more, and says what is known of it.
     *
     * @throws KubernetesClientException when the resource cannot be listed for another reason than a
     *         missing resource type (e.g. 403: RBAC lacks the verbs): the reconcile fails and is retried
     */
    public Lookup use(PolicyKey policy, ElasticsearchReference reference) {
        try {
            watches.use(policy, Set.of(reference));
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
            return new Lookup.NotInstalled();
        }
        return watches.current(reference)
                .<Lookup>map(es -> new Lookup.Found(ElasticsearchHealth.of(es)))
                .orElseGet(Lookup.Absent::new);
    }

    /** The policy names no Elasticsearch resource any more (a url, suspended, invalid, deleted, refused). */
    public void release(PolicyKey policy) {
        watches.release(policy);
    }

    /** The resources watched now. */
    public Set<ElasticsearchReference> watched() {
        return watches.watched();
    }

    @Override
    public void close() {
        watches.close();
    }
}
