package io.taskgovernor.policy;

/**
 * The data stream a policy's decisions are written to.
 *
 * @param dataStream the data stream's name, e.g. {@code logs-taskgovernor.audit-default}
 * @param cluster    the cluster written to; null means the governed cluster, with its credentials
 */
public record AuditDestination(String dataStream, ClusterTarget cluster) {
}
