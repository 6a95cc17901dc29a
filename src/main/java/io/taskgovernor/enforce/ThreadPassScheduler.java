package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.ClusterConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A daemon thread of its own, named after the cluster, on which one poller's passes run. */
public final class ThreadPassScheduler implements PassScheduler {
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;

    /** @param clock the clock the poller reads instants from; delays are measured against it */
    public ThreadPassScheduler(String threadName, Clock clock) {
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        // Updates reschedule often; a cancelled pass should not sit in the queue until its time.
        executor.setRemoveOnCancelPolicy(true);
    }

    /** A scheduler of its own for every cluster, its thread named {@code poller-<url>}. */
    public static Function<ClusterConnection, PassScheduler> perCluster(Clock clock) {
        return cluster -> new ThreadPassScheduler("poller-" + cluster.url(), clock);
    }

    @Override
    public Pending schedule(Runnable pass, Instant at) {
        // Rounded up to the millisecond, never down: a pass woken before its instant finds nothing due and
        // asks for the same instant again, a busy loop until it comes (and the wall clock the instants come
        // from may be slewed against the monotonic one the executor waits on).
        Duration wait = Duration.between(clock.instant(), at);
        long delay = wait.isNegative() ? 0 : wait.toMillis() + (wait.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        ScheduledFuture<?> future = executor.schedule(pass, delay, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void shutdownNow() {
        executor.shutdownNow();
    }
}
