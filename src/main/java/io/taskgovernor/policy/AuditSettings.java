package io.taskgovernor.policy;

import io.taskgovernor.api.SpecDefaults;

/**
 * What a policy's decisions record, compiled from {@code spec.audit}.
 *
 * @param keepDescription     whether decisions carry a snapshot of the task's description; while
 *                            true the policy's cluster is listed in detail ({@link ListQueryPlanner})
 * @param descriptionLimit    the most a snapshot keeps, in UTF-8 bytes (at least 1)
 * @param dataStream          where decisions are also written as documents, or null
 */
public record AuditSettings(boolean keepDescription, int descriptionLimit, AuditDestination dataStream) {
    /** What a policy without {@code spec.audit} gets: a 1 KB description snapshot, no data stream. */
    public static final AuditSettings DEFAULT = new AuditSettings(true, SpecDefaults.AUDIT_DESCRIPTION_LIMIT, null);

    public AuditSettings {
        if (descriptionLimit < 1) {
            throw new IllegalArgumentException("descriptionLimit must be at least 1 byte, was " + descriptionLimit);
        }
    }
}
