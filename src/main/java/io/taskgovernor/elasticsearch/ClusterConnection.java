package io.taskgovernor.elasticsearch;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything needed to open a client to one cluster. Two policies with equal connections share one
 * client and one poller, so equality covers the credentials and the CA too.
 *
 * @param caPem PEM text of the CA certificate(s) to trust, or null for the JVM's defaults
 */
public record ClusterConnection(URI url, ClusterCredentials credentials, String caPem, Duration requestTimeout) {
    public ClusterConnection {
        Objects.requireNonNull(url, "url");
        credentials = credentials == null ? ClusterCredentials.NONE : credentials;
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    @Override
    public String toString() {
        return url + " (auth " + credentials + (caPem == null ? "" : ", custom CA") + ")";
    }
}
