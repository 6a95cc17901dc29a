package io.taskgovernor.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The production scheduler on the system clock: it keeps appointments, and never early. */
class ThreadPassSchedulerTest {
    private record Kept(Instant at, Instant ranAt) {}

    /**
     * Appointments a fraction of a millisecond past a whole one (the poller's instants come from a
     * microsecond clock plus intervals) must not wake before their instant: a pass woken early finds
     * nothing due and asks for the same instant again, spinning until it comes (issue 9: ~4 million
     * appointments a minute for 100 pollers in ScaleBenchmark, against ~6,000 passes).
     */
    @Test
    void aPassNeverRunsBeforeItsAppointment() {
        Clock clock = Clock.systemUTC();
        ThreadPassScheduler scheduler = new ThreadPassScheduler("poller-test", clock);
        List<Kept> kept = new CopyOnWriteArrayList<>();
        try {
            int appointments = 50;
            for (int i = 0; i < appointments; i++) {
                // Spread over 1..6 ms at odd microseconds, so that each falls between two whole milliseconds.
                Instant at = clock.instant().plusNanos(1_000_000L + i * 101_000L + 700_000L);
                scheduler.schedule(() -> kept.add(new Kept(at, clock.instant())), at);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> kept.size() == appointments);
        } finally {
            scheduler.shutdownNow();
        }
        assertThat(kept).allSatisfy(k -> assertThat(k.ranAt()).as("ran at, for an appointment at %s", k.at())
                .isAfterOrEqualTo(k.at()));
    }
}
