package io.taskgovernor.policy;

import io.fabric8.kubernetes.client.CustomResource;
import io.taskgovernor.api.TaskPolicySpec;
import io.taskgovernor.api.TaskPolicyStatus;
import java.util.List;

/**
 * One YAML document of a manifest file.
 *
 * @param documentIndex 0-based position in the file
 * @param policy        the TaskPolicy or ClusterTaskPolicy, or null when the document is not one or cannot be read as one
 * @param problems      what is wrong with it as written (unknown fields, wrong types, syntax)
 * @param skipReason    set when the document is another kind of object, which is not an error
 */
public record ParsedManifest(String source, int documentIndex,
                             CustomResource<TaskPolicySpec, TaskPolicyStatus> policy, List<PolicyProblem> problems,
                             String skipReason) {
    public ParsedManifest {
        problems = List.copyOf(problems);
    }

    public boolean skipped() {
        return skipReason != null;
    }
}
