package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One decision as kept in status.recentDecisions: what was decided about one violating task, and when.
 * The short form of a decision: no description snapshot (status is read by everyone who may read the
 * policy; the JSON lines and the audit data stream carry it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class DecisionRecord {
    private String time;
    private String rule;
    private String taskId;
    private String node;
    private String action;
    private String opaqueId;
    private String origin;
    private String traceId;
    private java.util.List<String> indices;
    private Long runningTimeMs;
    private String outcome;
    private String reason;
    private String maxRuntime;
    private java.util.Map<String, String> matched;

    public String getTime() { return time; }
    public void setTime(String time) { this.time = time; }
    public String getRule() { return rule; }
    public void setRule(String rule) { this.rule = rule; }
    public String getTaskId() { return taskId; }
    public void setTaskId(String taskId) { this.taskId = taskId; }
    public String getNode() { return node; }
    public void setNode(String node) { this.node = node; }
    public String getAction() { return action; }
    public void setAction(String action) { this.action = action; }
    public String getOpaqueId() { return opaqueId; }
    public void setOpaqueId(String opaqueId) { this.opaqueId = opaqueId; }
    /** What started the task: Kibana's execution context from X-Opaque-Id, decoded (e.g. kibana:application:dashboards:<id>). */
    public String getOrigin() { return origin; }
    public void setOrigin(String origin) { this.origin = origin; }
    /** The trace id of the request (from its traceparent header), as Elasticsearch kept it. */
    public String getTraceId() { return traceId; }
    public void setTraceId(String traceId) { this.traceId = traceId; }
    /** The indices the task's description names, when the listing was detailed and the shape is known. */
    public java.util.List<String> getIndices() { return indices; }
    public void setIndices(java.util.List<String> indices) { this.indices = indices; }
    public Long getRunningTimeMs() { return runningTimeMs; }
    public void setRunningTimeMs(Long runningTimeMs) { this.runningTimeMs = runningTimeMs; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    /** The rule's limit as written, e.g. {@code 2m}. */
    public String getMaxRuntime() { return maxRuntime; }
    public void setMaxRuntime(String maxRuntime) { this.maxRuntime = maxRuntime; }
    /** Why the rule matched: filter ({@code action}, {@code nodes}, {@code opaqueId}, {@code description}) to the pattern that matched. */
    public java.util.Map<String, String> getMatched() { return matched; }
    public void setMatched(java.util.Map<String, String> matched) { this.matched = matched; }
    /** The task's {@code trace.id} header, when its request carried a W3C {@code traceparent}. */
}
