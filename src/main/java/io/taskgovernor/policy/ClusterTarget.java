package io.taskgovernor.policy;

import java.net.URI;
import java.time.Duration;

/**
 * Where a policy's cluster is and how to reach it; secrets are referenced by name, never held here.
 *
 * @param url               the cluster's base URL, parsed and checked once by {@link PolicyCompiler}; for an
 *                          {@code elasticsearchRef}, the ECK service's URL ({@link ElasticsearchReference#serviceUrl()})
 * @param credentialsSecret name of a Secret (operator) in the policy's namespace, or null
 * @param caSecretName      name of a Secret holding a PEM CA, or null; in {@link #caSecretNamespace}
 * @param caSecretKey       key within it
 * @param reference         the ECK Elasticsearch resource the policy names, or null for a policy with a url
 */
public record ClusterTarget(
        URI url, String credentialsSecret, String caSecretName, String caSecretKey, Duration requestTimeout,
        ElasticsearchReference reference) {

    /** A cluster given by its URL. */
    public ClusterTarget(URI url, String credentialsSecret, String caSecretName, String caSecretKey, Duration requestTimeout) {
        this(url, credentialsSecret, caSecretName, caSecretKey, requestTimeout, null);
    }

    /** Where the CA Secret lives: the referenced Elasticsearch's namespace, else the policy's. */
    public String caSecretNamespace(String policyNamespace) {
        return reference != null ? reference.namespace() : policyNamespace;
    }
}
