package io.taskgovernor.elasticsearch;

/** No answer: the cluster is not reachable, or did not answer within the read timeout. */
public final class ClusterUnavailableException extends ClusterException {
    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isUnavailable() {
        return true;
    }
}
