package io.taskgovernor.reconcile;

/** Reasons of the Ready condition; part of the API that dashboards and alerts match on. */
public enum ReadyReason {
    /** Valid and the last pass succeeded. */
    Governing,
    /** Valid, waiting for the first pass. */
    Pending,
    InvalidSpec,
    CredentialsUnavailable,
    ElasticsearchUnavailable,
    Unauthorized,
    Suspended
}
