package io.taskgovernor.enforce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The one clock all waits of a pass share. It starts at the pass's first wait; a policy's waits end
 * at that start plus its own waitTimeout, so a pass never waits longer than the largest waitTimeout
 * of its policies, however many of them wait. Used by one pass on one thread.
 */
final class WaitWindow {
    private final Clock clock;
    private Instant start;

    WaitWindow(Clock clock) {
        this.clock = clock;
    }

    /** When waits under this waitTimeout must end; the first call starts the window. */
    Instant deadlineFor(Duration waitTimeout) {
        if (start == null) {
            start = clock.instant();
        }
        return start.plus(waitTimeout);
    }
}
