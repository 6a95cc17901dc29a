package io.taskgovernor.elasticsearch;

/**
 * A node that did not answer a call ({@code node_failures}), or a task the call could not act on
 * ({@code task_failures}), as Elasticsearch reported it in a successful answer.
 *
 * @param type      the failure's {@code type}, e.g. {@code failed_node_exception}
 * @param reason    its {@code reason}, with its cause's reason appended
 * @param causeType the {@code caused_by.type}, e.g. {@code resource_not_found_exception}, or null
 */
public record NodeFailure(String nodeId, String type, String reason, String causeType) {
    public NodeFailure(String nodeId, String type, String reason) {
        this(nodeId, type, reason, null);
    }

    /**
     * Whether the failure says the task is gone: Elasticsearch 8.19 answers a cancel of a task that
     * ended with 200 and a node failure caused by {@code resource_not_found_exception}, and of a task
     * whose node left with one caused by {@code no_such_node_exception}.
     */
    public boolean taskGone() {
        return isGone(type) || isGone(causeType);
    }

    private static boolean isGone(String type) {
        return "resource_not_found_exception".equals(type) || "no_such_node_exception".equals(type);
    }

    @Override
    public String toString() {
        return (nodeId == null ? "node" : "node " + nodeId) + ": " + type + (reason == null ? "" : " (" + reason + ")");
    }
}
