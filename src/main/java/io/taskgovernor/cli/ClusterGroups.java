package io.taskgovernor.cli;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.policy.CompiledPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups policies by the cluster they govern, so each cluster is listed once per pass. */
final class ClusterGroups {
    private ClusterGroups() {}

    static Map<ClusterConnection, List<CompiledPolicy>> of(List<CompiledPolicy> policies, ConnectionOptions options) {
        Map<ClusterConnection, List<CompiledPolicy>> groups = new LinkedHashMap<>();
        for (CompiledPolicy policy : policies) {
            ClusterConnection connection = options.connectionTo(
                    policy.cluster().url(), policy.cluster().requestTimeout());
            groups.computeIfAbsent(connection, c -> new ArrayList<>()).add(policy);
        }
        return groups;
    }
}
