package io.taskgovernor.elasticsearch;

/** A node that did not answer the listing; its tasks are missing from it. */
public record NodeFailure(String nodeId, String type, String reason) {
    @Override
    public String toString() {
        return (nodeId == null ? "node" : "node " + nodeId) + ": " + type + (reason == null ? "" : " (" + reason + ")");
    }
}
