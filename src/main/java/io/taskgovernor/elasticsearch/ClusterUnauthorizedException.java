package io.taskgovernor.elasticsearch;

/** 401 or 403: the credentials are wrong or lack privileges; retrying will not help until they change. */
public class ClusterUnauthorizedException extends ClusterException {
    private final int status;

    public ClusterUnauthorizedException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
