package io.taskgovernor.policy;

import java.net.URI;
import java.time.Duration;

/**
 * Where a policy's cluster is and how to reach it; secrets are referenced by name, never held here.
 *
 * @param url               the cluster's base URL, parsed and checked once by {@link PolicyCompiler}
 * @param credentialsSecret name of a Secret (operator) or null
 * @param caSecretName      name of a Secret holding a PEM CA, or null
 * @param caSecretKey       key within it
 */
public record ClusterTarget(
        URI url, String credentialsSecret, String caSecretName, String caSecretKey, Duration requestTimeout) {
}
