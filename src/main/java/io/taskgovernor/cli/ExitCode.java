package io.taskgovernor.cli;

/** The exit codes scripts and pipelines can rely on. */
final class ExitCode {
    static final int OK = 0;
    /** Something unexpected; the message says what. */
    static final int ERROR = 1;
    /** Invalid input: a policy, a flag, a file. */
    static final int INVALID_INPUT = 2;
    /** A cluster could not be reached or answered unusably. */
    static final int CLUSTER_UNAVAILABLE = 3;
    /** A cluster refused the credentials (401/403). */
    static final int UNAUTHORIZED = 4;

    private ExitCode() {}
}
