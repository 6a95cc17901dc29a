package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the operator saw and did. Counters survive operator restarts because they live here. Fields
 * this version does not know (the names before the renames: tasksObserved, failedCancellationsTotal,
 * recentCancellations) are ignored, so a status an older operator wrote still reads; the next
 * status write replaces it whole.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class TaskPolicyStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Ready: the policy is valid and the last pass over its cluster succeeded.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("When the cluster's tasks were last evaluated for this policy (RFC 3339).")
    private String lastEvaluationTime;

    @JsonPropertyDescription("Tasks a rule of this policy governed in the last pass (matched and not protected).")
    private Integer governedTasks;

    @JsonPropertyDescription("Tasks over their maxRuntime in the last pass (cancelled, deferred or not cancellable).")
    private Integer violations;

    @JsonPropertyDescription("Tasks cancelled earlier that were still running in the last pass.")
    private Integer lingeringTasks;

    @JsonPropertyDescription("For a policy with elasticsearchRef: the ECK Elasticsearch resource's status.health "
            + "(green, yellow, red, or unknown while ECK has not observed it).")
    private String elasticsearchHealth;

    @JsonPropertyDescription("For a policy with elasticsearchRef: the ECK Elasticsearch resource's status.phase "
            + "(e.g. Ready, ApplyingChanges, MigratingData, Stalled, Invalid); absent until ECK sets it.")
    private String elasticsearchPhase;

    @JsonPropertyDescription("Decisions since the policy was created, every outcome (dry runs and not cancellable "
            + "included); a task left as it was counts once while it stays listed.")
    private Long decisionsTotal;

    @JsonPropertyDescription("decisionsTotal by outcome: CANCELLED, CANCEL_REQUESTED, ALREADY_FINISHED, "
            + "NOT_CANCELLABLE, FAILED, DRY_RUN; outcomes that never happened are absent.")
    private Map<String, Long> decisionsByOutcome = new TreeMap<>();

    @JsonPropertyDescription("Cancellations Elasticsearch accepted since the policy was created "
            + "(decisionsByOutcome CANCELLED + CANCEL_REQUESTED).")
    private Long cancellationsTotal;

    @JsonPropertyDescription("The latest decisions, newest first, one per task and outcome.")
    private List<DecisionRecord> recentDecisions = new ArrayList<>();

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
    public String getLastEvaluationTime() { return lastEvaluationTime; }
    public void setLastEvaluationTime(String lastEvaluationTime) { this.lastEvaluationTime = lastEvaluationTime; }
    public Integer getGovernedTasks() { return governedTasks; }
    public void setGovernedTasks(Integer governedTasks) { this.governedTasks = governedTasks; }
    public Integer getViolations() { return violations; }
    public void setViolations(Integer violations) { this.violations = violations; }
    public Integer getLingeringTasks() { return lingeringTasks; }
    public void setLingeringTasks(Integer lingeringTasks) { this.lingeringTasks = lingeringTasks; }
    public String getElasticsearchHealth() { return elasticsearchHealth; }
    public void setElasticsearchHealth(String elasticsearchHealth) { this.elasticsearchHealth = elasticsearchHealth; }
    public String getElasticsearchPhase() { return elasticsearchPhase; }
    public void setElasticsearchPhase(String elasticsearchPhase) { this.elasticsearchPhase = elasticsearchPhase; }
    public Long getDecisionsTotal() { return decisionsTotal; }
    public void setDecisionsTotal(Long decisionsTotal) { this.decisionsTotal = decisionsTotal; }
    public Map<String, Long> getDecisionsByOutcome() { return decisionsByOutcome; }
    public void setDecisionsByOutcome(Map<String, Long> decisionsByOutcome) { this.decisionsByOutcome = decisionsByOutcome; }
    public Long getCancellationsTotal() { return cancellationsTotal; }
    public void setCancellationsTotal(Long cancellationsTotal) { this.cancellationsTotal = cancellationsTotal; }
    public List<DecisionRecord> getRecentDecisions() { return recentDecisions; }
    public void setRecentDecisions(List<DecisionRecord> recentDecisions) { this.recentDecisions = recentDecisions; }
}
