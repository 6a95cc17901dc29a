package io.taskgovernor.elasticsearch;

/** Not reachable, too slow, or answering 5xx: worth retrying later. */
public class ClusterUnavailableException extends ClusterException {
    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
