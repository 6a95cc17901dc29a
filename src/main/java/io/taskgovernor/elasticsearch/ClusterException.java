package io.taskgovernor.elasticsearch;

/** A call to a cluster failed; the subclass tells whether waiting or fixing configuration helps. */
public abstract class ClusterException extends RuntimeException {
    protected ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
