package io.taskgovernor.api;

/** What the operator saw and did; filled in by the reconciler. */
public class TaskPolicyStatus {
    private Long observedGeneration;

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
}
