package io.taskgovernor.reconcile;

/** The reasons of the Kubernetes Events written on a TaskPolicy. */
public enum EventReason {
    TaskCancelled(Type.Normal),
    WouldCancel(Type.Normal),
    CancelFailed(Type.Warning),
    ElasticsearchUnavailable(Type.Warning),
    ElasticsearchAvailable(Type.Normal),
    Unauthorized(Type.Warning),
    /** The cluster refuses to cancel: the user lacks cancel_task. */
    InsufficientPrivileges(Type.Warning),
    /** A cancel got through again after refusals. */
    CancelsAccepted(Type.Normal),
    InvalidSpec(Type.Warning),
    CredentialsUnavailable(Type.Warning),
    Suspended(Type.Normal),
    /** The policy's elasticsearchRef cannot be followed: refused, or the resource or its CA Secret is missing. */
    ElasticsearchReferenceUnresolved(Type.Warning),
    ReconcileFailed(Type.Warning),
    /** Stands for many events of one kind when a storm of them would flood the API server. */
    EventsSuppressed(Type.Normal);

    public enum Type { Normal, Warning }

    private final Type type;

    EventReason(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }
}
