package io.taskgovernor.api;

/**
 * What a TaskPolicy's text fields accept, defined once: the CRD's {@code @Pattern}s and bounds (the
 * API server's first check), the validator ({@code policy.PolicyCompiler}, {@code policy.DurationFormat})
 * and the messages that show examples all use these.
 */
public final class SpecSyntax {
    /** The units of a short duration: milliseconds, seconds, minutes, hours, days. */
    public static final String DURATION_UNITS = "ms|s|m|h|d";
    /** A short duration, one or more amount-unit pairs: {@code 500ms}, {@code 1m30s}. */
    public static final String SHORT_DURATION = "([0-9]+(" + DURATION_UNITS + "))+";
    /** A short duration or an ISO-8601 one ({@code PT2M}); {@code DurationFormat} parses both. */
    public static final String DURATION = "^(" + SHORT_DURATION + "|P[0-9A-Z.]+)$";
    public static final String DURATION_EXAMPLES = "examples: 500ms, 30s, 5m, 1h, 1m30s, PT2M";

    /** A rule name: lower-case letters, digits, '-', '_' and '.', starting and ending alphanumeric. */
    public static final String RULE_NAME = "^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$";
    /** Rule names are metric tags and label-like: at most this long. */
    public static final int RULE_NAME_MAX_LENGTH = 63;

    /** The cluster's base URL: http or https, a host, no user info, query or fragment. */
    public static final String URL = "^https?://[^\\s/?#@]+(/[^\\s?#]*)?$";
    public static final String URL_EXAMPLE = "https://logs-es-http:9200";

    /**
     * A Kubernetes object name that is also a DNS label (RFC 1123): an ECK Elasticsearch name or a namespace,
     * both of which become part of a service host name.
     */
    public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public static final int OBJECT_NAME_MAX_LENGTH = 63;

    public static final int MAX_PER_RUN_LIMIT = 10_000;
    /** The largest description snapshot a decision keeps, in bytes: every JSON line and audit document carries it. */
    public static final int AUDIT_DESCRIPTION_LIMIT_MAX = 32_768;

    private SpecSyntax() {
    }
}
