package io.taskgovernor.policy;

import java.time.Duration;

public record CancellationSettings(boolean waitForCompletion, Duration waitTimeout, int maxPerRun) {
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_PER_RUN = 20;

    public static CancellationSettings defaults() {
        return new CancellationSettings(false, DEFAULT_WAIT_TIMEOUT, DEFAULT_MAX_PER_RUN);
    }
}
