package io.taskgovernor.api;

/**
 * The values a TaskPolicy gets for fields it leaves out, as written in a manifest. The CRD's field
 * descriptions quote them; {@code policy.PolicyCompiler} and {@code policy.CancellationSettings}
 * hold their typed forms, parsed from these.
 */
public final class SpecDefaults {
    public static final String INTERVAL = "15s";
    public static final String REQUEST_TIMEOUT = "10s";
    public static final String WAIT_TIMEOUT = "30s";
    public static final int MAX_PER_RUN = 20;
    public static final String CA_KEY = "ca.crt";
    public static final int AUDIT_DESCRIPTION_LIMIT = 1024;
    public static final String AUDIT_DATA_STREAM = "logs-taskgovernor.audit-default";

    private SpecDefaults() {
    }
}
