package io.taskgovernor.cli;

/** The exit codes scripts and pipelines can rely on. */
final class ExitCode {
    static final int OK = 0;
    /** Something unexpected; the message says what. */
    static final int ERROR = 1;
    /** Invalid input: a policy, a flag, a file, an operator setting (environment variable). */
    static final int INVALID_INPUT = 2;
    /** A cluster could not be reached or answered unusably; for `operator`, the Kubernetes API server. */
    static final int CLUSTER_UNAVAILABLE = 3;
    /** A cluster refused the credentials (401/403); for `operator`, Kubernetes refused a permission. */
    static final int UNAUTHORIZED = 4;
    /** `operator` could not start for another reason (the health port, the CRD); the message says which. */
    static final int STARTUP_FAILED = 5;

    private ExitCode() {}
}
