package io.taskgovernor.policy;

import io.taskgovernor.api.SpecDefaults;
import java.time.Duration;

public record CancellationSettings(boolean waitForCompletion, Duration waitTimeout, int maxPerRun) {
    public static final Duration DEFAULT_WAIT_TIMEOUT = DurationFormat.parse(SpecDefaults.WAIT_TIMEOUT);
    public static final int DEFAULT_MAX_PER_RUN = SpecDefaults.MAX_PER_RUN;

    public static CancellationSettings defaults() {
        return new CancellationSettings(false, DEFAULT_WAIT_TIMEOUT, DEFAULT_MAX_PER_RUN);
    }
}
