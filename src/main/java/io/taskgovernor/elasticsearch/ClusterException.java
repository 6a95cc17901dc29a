package io.taskgovernor.elasticsearch;

/**
 * A call to a cluster failed. Three kinds: {@link ElasticsearchError} (Elasticsearch answered with an
 * error status), {@link ClusterUnavailableException} (no answer in time) and
 * {@link ClusterResponseException} (an answer the governor cannot use). Callers ask the predicates
 * below instead of testing the kind, as Elastic's own operator does with its API errors.
 */
public abstract sealed class ClusterException extends RuntimeException
        permits ElasticsearchError, ClusterUnavailableException, ClusterResponseException {
    protected ClusterException(String message, Throwable cause) {
        super(message, cause);
    }

    /** 401 or 403: the credentials are wrong or lack a privilege; retrying will not help until they change. */
    public boolean isUnauthorized() {
        return false;
    }

    /** The cluster did not answer, or answered 429 or 5xx: worth retrying later. */
    public boolean isUnavailable() {
        return false;
    }
}
