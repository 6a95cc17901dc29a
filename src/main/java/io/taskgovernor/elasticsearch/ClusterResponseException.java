package io.taskgovernor.elasticsearch;

/**
 * An answer the governor cannot use: a success status without Elasticsearch's
 * {@code X-Elastic-Product} header (the official client's product check), or a body that is not the
 * JSON Elasticsearch writes for the call.
 */
public final class ClusterResponseException extends ClusterException {
    public ClusterResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
