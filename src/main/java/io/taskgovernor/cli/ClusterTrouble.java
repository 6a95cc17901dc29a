package io.taskgovernor.cli;

import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.elasticsearch.ElasticsearchError;

/** How the CLI words a cluster failure and which exit code it means. */
final class ClusterTrouble {
    private ClusterTrouble() {}

    static String describe(ClusterException failure) {
        if (failure.isUnauthorized() && failure instanceof ElasticsearchError error) {
            return "unauthorized (HTTP " + error.status() + "): check --username/--password-file, --api-key-file "
                    + "or ES_* variables, and the user's cluster privileges (monitor to list, cancel_task to cancel): " + failure.getMessage();
        }
        return "unavailable: " + failure.getMessage();
    }

    static int exitCode(ClusterException failure) {
        if (failure == null) {
            return ExitCode.OK;
        }
        return failure.isUnauthorized() ? ExitCode.UNAUTHORIZED : ExitCode.CLUSTER_UNAVAILABLE;
    }
}
