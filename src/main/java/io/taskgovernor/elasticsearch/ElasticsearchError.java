package io.taskgovernor.elasticsearch;

/**
 * Elasticsearch answered a call with an error status (4xx, 5xx). Carries the status and the parsed
 * {@code error.type} and {@code error.reason} of the body Elasticsearch writes for every failed
 * request ({@code {"error":{"root_cause":[...],"type":...,"reason":...},"status":N}}); both are null
 * when the body did not have that shape (e.g. a proxy's page). The message reads
 * {@code <call> on <url>: HTTP <status> <type>: <reason>} and never holds credentials.
 */
public final class ElasticsearchError extends ClusterException {
    private final int status;
    private final String type;
    private final String reason;

    /**
     * @param call   what was asked and of which cluster, e.g. {@code "cancel task n1:7 on https://es:9200"}
     * @param status the HTTP status, 400 or more
     * @param type   {@code error.type}, e.g. {@code security_exception}, or null
     * @param reason {@code error.reason}, or null
     */
    public ElasticsearchError(String call, int status, String type, String reason) {
        super(call + ": HTTP " + status + (type == null ? "" : " " + type) + (reason == null ? "" : ": " + reason), null);
        this.status = status;
        this.type = type;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    /** {@code error.type}, or null. */
    public String type() {
        return type;
    }

    /** {@code error.reason}, or null. */
    public String reason() {
        return reason;
    }

    /** 404: no such task (get, cancel) or no such endpoint (list, nodes: not an Elasticsearch URL). */
    public boolean isNotFound() {
        return status == 404;
    }

    /**
     * A server-side wait expired: Elasticsearch 8.19 and 9.x answer a {@code GET _tasks/<id>} whose
     * {@code timeout} passed with HTTP 500 {@code timeout_exception}, not 408.
     */
    public boolean isTimeout() {
        return "timeout_exception".equals(type) || status == 408;
    }

    @Override
    public boolean isUnauthorized() {
        return status == 401 || status == 403;
    }

    @Override
    public boolean isUnavailable() {
        return status == 429 || status >= 500;
    }
}
