package io.taskgovernor.reconcile;

public record PlannedEvent(EventReason reason, String message) {}
