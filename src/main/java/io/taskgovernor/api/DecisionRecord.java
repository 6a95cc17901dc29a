package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One decision as kept in status.recentDecisions: what was decided about one violating task, and when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class DecisionRecord {
    private String time;
    private String rule;
    private String taskId;
    private String node;
    private String action;
    private String opaqueId;
    private Long runningTimeMs;
    private String outcome;
    private String reason;

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
    public Long getRunningTimeMs() { return runningTimeMs; }
    public void setRunningTimeMs(Long runningTimeMs) { this.runningTimeMs = runningTimeMs; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}
