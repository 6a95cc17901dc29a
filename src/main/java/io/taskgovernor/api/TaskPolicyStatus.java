package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator saw and did. Counters survive operator restarts because they live here. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskPolicyStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Ready: the policy is valid and the last pass over its cluster succeeded.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("When the cluster's tasks were last evaluated for this policy (RFC 3339).")
    private String lastEvaluationTime;

    @JsonPropertyDescription("Tasks a rule of this policy applied to in the last pass.")
    private Integer tasksObserved;

    @JsonPropertyDescription("Tasks over their maxRuntime in the last pass (cancelled, deferred or not cancellable).")
    private Integer violations;

    @JsonPropertyDescription("Tasks cancelled earlier that were still running in the last pass.")
    private Integer lingeringTasks;

    @JsonPropertyDescription("Cancellations acknowledged by the cluster since the policy was created.")
    private Long cancellationsTotal;

    @JsonPropertyDescription("Cancel requests that failed since the policy was created.")
    private Long failedCancellationsTotal;

    @JsonPropertyDescription("The latest decisions, newest first.")
    private List<CancellationRecord> recentCancellations = new ArrayList<>();

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
    public String getLastEvaluationTime() { return lastEvaluationTime; }
    public void setLastEvaluationTime(String lastEvaluationTime) { this.lastEvaluationTime = lastEvaluationTime; }
    public Integer getTasksObserved() { return tasksObserved; }
    public void setTasksObserved(Integer tasksObserved) { this.tasksObserved = tasksObserved; }
    public Integer getViolations() { return violations; }
    public void setViolations(Integer violations) { this.violations = violations; }
    public Integer getLingeringTasks() { return lingeringTasks; }
    public void setLingeringTasks(Integer lingeringTasks) { this.lingeringTasks = lingeringTasks; }
    public Long getCancellationsTotal() { return cancellationsTotal; }
    public void setCancellationsTotal(Long cancellationsTotal) { this.cancellationsTotal = cancellationsTotal; }
    public Long getFailedCancellationsTotal() { return failedCancellationsTotal; }
    public void setFailedCancellationsTotal(Long failedCancellationsTotal) { this.failedCancellationsTotal = failedCancellationsTotal; }
    public List<CancellationRecord> getRecentCancellations() { return recentCancellations; }
    public void setRecentCancellations(List<CancellationRecord> recentCancellations) { this.recentCancellations = recentCancellations; }
}
