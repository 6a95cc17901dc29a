package io.taskgovernor.enforce;

import java.time.Instant;

/**
 * Where a {@link ClusterPoller} runs its passes: one at a time, each at the instant the poller asks
 * for. The poller decides when; this only keeps the appointment. Production gives every cluster a
 * {@link ThreadPassScheduler} of its own (so a slow cluster delays no other); tests drive one by hand
 * on a manual clock.
 */
public interface PassScheduler {
    /** A pass that has not started yet. */
    interface Pending {
        /** Drops the pass unless it has already started; a started pass runs on. */
        void cancel();
    }

    /**
     * Runs {@code pass} at {@code at}, or at once when {@code at} has gone by, never while another
     * pass of this scheduler runs.
     *
     * @throws java.util.concurrent.RejectedExecutionException after {@link #shutdownNow()}
     */
    Pending schedule(Runnable pass, Instant at);

    /** Drops every pending pass and interrupts a running one; returns at once, without waiting for it. */
    void shutdownNow();
}
