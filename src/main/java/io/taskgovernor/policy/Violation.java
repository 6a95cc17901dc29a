package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import java.time.Duration;

/**
 * A task that ran past the maxRuntime of the strictest rule matching it.
 *
 * @param overshoot how far past maxRuntime it was when listed
 */
public record Violation(RunningTask task, CompiledRule rule, Duration overshoot) {
}
