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
    /** The cluster refused the listing (401/403): wrong credentials, or no {@code monitor} privilege. */
    Unauthorized,
    /**
     * The listing works but the cluster refuses to cancel (401/403 on a cancel): the user lacks the
     * {@code cancel_task} privilege. Holds until a cancel gets through again.
     */
    InsufficientPrivileges,
    Suspended,
    /**
     * The policy's {@code elasticsearchRef} names another namespace and the operator does not allow that
     * ({@code ALLOW_CROSS_NAMESPACE_REFERENCES}).
     */
    CrossNamespaceReferenceRefused,
    /** The ECK Elasticsearch resource the policy names does not exist, or ECK's CRD is not installed. */
    ElasticsearchNotFound,
    /** The CA Secret of the ECK Elasticsearch the policy names ({@code <name>-es-http-certs-public}) does not exist. */
    CertificateNotFound,
    /**
     * The reconcile itself failed (the message says how); the operator retries with backoff, and
     * the next successful reconcile replaces this.
     */
    ReconcileFailed
}
