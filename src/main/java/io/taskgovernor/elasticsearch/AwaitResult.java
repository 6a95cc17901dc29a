package io.taskgovernor.elasticsearch;

/** Whether a task finished within a bounded wait. */
public enum AwaitResult {
    COMPLETED,
    STILL_RUNNING
}
