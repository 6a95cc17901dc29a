package io.taskgovernor.elasticsearch;

/** The cluster answered something the governor cannot use (malformed JSON, an unexpected status). */
public class ClusterResponseException extends ClusterException {
    public ClusterResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
