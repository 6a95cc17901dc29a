package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.policy.CompiledPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Governs one cluster for all the policies that point at it. The next pass runs at the earlier of
 * the policies' shortest interval and the moment the next seen task crosses its maxRuntime; an
 * update brings a pending pass forward to now, never back; passes are at least {@link #MIN_GAP}
 * apart. Passes run on the {@link PassScheduler} given, which in production is a thread of this
 * cluster's own, so a slow or dead cluster never delays another.
 */
public final class ClusterPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPoller.class);
    /** The least time from the end of one pass to the start of the next, whatever asks for sooner. */
    static final Duration MIN_GAP = Duration.ofMillis(50);
    /** How long {@link #close()} waits for an interrupted pass to end before closing the client under it. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ClusterConnection cluster;
    private final String name;
    private final TasksApi tasks;
    private final PassScheduler scheduler;
    private final Clock clock;
    private final GovernancePass pass;
    private final PassListener listener;
    private boolean closed;
    private boolean running;
    private List<CompiledPolicy> policies = List.of();
    private PassScheduler.Pending pending;
    private Instant pendingAt;
    private Instant lastPassEnd;

    /**
     * @param tasks     the cluster's client; the poller owns it and closes it on {@link #close()}
     * @param scheduler runs the passes; the poller owns it and shuts it down on {@link #close()}
     * @param listener  told of every pass, on the scheduler's thread
     */
    public ClusterPoller(ClusterConnection cluster, TasksApi tasks, PassScheduler scheduler, Clock clock,
                         PassListener listener) {
        this.cluster = cluster;
        this.name = cluster.url().toString();
        this.tasks = tasks;
        this.scheduler = scheduler;
        this.clock = clock;
        this.pass = new GovernancePass(clock);
        this.listener = listener;
    }

    /** Replaces the policies governed here and looks at the cluster promptly; none left stops polling. */
    public synchronized void update(List<CompiledPolicy> active) {
        this.policies = List.copyOf(active);
        if (policies.isEmpty()) {
            cancelPending();
            return;
        }
        scheduleAt(clock.instant());
    }

    private void runPass() {
        List<CompiledPolicy> current;
        Instant due;
        synchronized (this) {
            due = pendingAt;
            pending = null;
            pendingAt = null;
            current = policies;
            if (closed || current.isEmpty()) {
                return;
            }
            running = true;
        }
        try {
            passOver(current, due);
        } finally {
            synchronized (this) {
                running = false;
                notifyAll();
            }
        }
    }

    private void passOver(List<CompiledPolicy> current, Instant due) {
        PassResult result;
        try {
            result = pass.run(current, tasks, due == null ? clock.instant() : due);
        } catch (RuntimeException e) {
            if (isClosed()) {
                LOG.debug("pass on {} ended by close: {}", name, e.toString());
                return;
            }
            // A bug must not end the polling of a cluster: report it and try again at the interval.
            LOG.error("pass on {} failed unexpectedly", name, e);
            synchronized (this) {
                scheduleAt(clock.instant().plus(shortestInterval(current)));
            }
            return;
        }
        // A failure after close is the interruption close caused, not the cluster's; cancellations a
        // pass sent are handed over whenever it ends, so none goes unrecorded.
        if (result.succeeded() || !isClosed()) {
            try {
                listener.onPass(cluster, current, result);
            } catch (RuntimeException e) {
                LOG.error("recording the pass on {} failed", name, e);
            }
        }
        synchronized (this) {
            lastPassEnd = result.finishedAt();
            scheduleAt(result.nextCheck());
        }
    }

    private static Duration shortestInterval(List<CompiledPolicy> policies) {
        return policies.stream().map(CompiledPolicy::interval).min(Comparator.naturalOrder()).orElseThrow();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void scheduleAt(Instant at) {
        if (closed) {
            return;
        }
        if (pending != null && !pendingAt.isAfter(at)) {
            return;
        }
        cancelPending();
        Instant earliest = lastPassEnd == null ? at : lastPassEnd.plus(MIN_GAP);
        Instant when = at.isBefore(earliest) ? earliest : at;
        pendingAt = when;
        pending = scheduler.schedule(this::runPass, when);
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel();
            pending = null;
            pendingAt = null;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            cancelPending();
        }
        scheduler.shutdownNow();
        awaitPassEnd();
        tasks.close();
    }

    private synchronized void awaitPassEnd() {
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.warn("a pass on {} still runs {} after close; its client is closed under it", name, CLOSE_WAIT);
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
