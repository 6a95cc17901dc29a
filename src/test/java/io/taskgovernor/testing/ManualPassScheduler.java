package io.taskgovernor.testing;

import io.taskgovernor.enforce.PassScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link PassScheduler} driven by hand on a {@link ManualClock}: {@link #runNext()} moves the clock
 * to the earliest appointment and runs that pass on the calling thread. Like the production
 * scheduler, it refuses appointments after {@link #shutdownNow()} and interrupts the thread running
 * a pass when shut down.
 */
public final class ManualPassScheduler implements PassScheduler {
    private record Appointment(long order, Instant at, Runnable pass) {}

    private static final Comparator<Appointment> EARLIEST_FIRST =
            Comparator.comparing(Appointment::at).thenComparingLong(Appointment::order);

    private final ManualClock clock;
    private final List<Appointment> appointments = new ArrayList<>();
    private long made;
    private boolean shutDown;
    private Thread runner;

    public ManualPassScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Pending schedule(Runnable pass, Instant at) {
        if (shutDown) {
            throw new RejectedExecutionException("scheduler shut down");
        }
        Appointment appointment = new Appointment(made++, at, pass);
        appointments.add(appointment);
        return () -> {
            synchronized (this) {
                appointments.remove(appointment);
            }
        };
    }

    @Override
    public synchronized void shutdownNow() {
        shutDown = true;
        appointments.clear();
        if (runner != null) {
            runner.interrupt();
        }
    }

    /** The instants of the passes waiting, earliest first. */
    public synchronized List<Instant> appointments() {
        return appointments.stream().sorted(EARLIEST_FIRST).map(Appointment::at).toList();
    }

    public synchronized boolean isShutDown() {
        return shutDown;
    }

    /**
     * Moves the clock to the earliest appointment (never back: a pass due in the past runs now) and
     * runs it here. Fails when nothing is waiting.
     *
     * @return the instant the pass was due
     */
    public Instant runNext() {
        Appointment next;
        synchronized (this) {
            next = appointments.stream().min(EARLIEST_FIRST)
                    .orElseThrow(() -> new AssertionError("no pass is scheduled"));
            appointments.remove(next);
            if (next.at().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), next.at()));
            }
            runner = Thread.currentThread();
        }
        try {
            next.pass().run();
        } finally {
            synchronized (this) {
                runner = null;
            }
            Thread.interrupted(); // an interrupt from shutdownNow was meant for the pass, not for the test
        }
        return next.at();
    }
}
