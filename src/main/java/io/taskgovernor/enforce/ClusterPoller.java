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
 * Governs one cluster for all the policies that point at it. Two kinds of pass:
 * <ul>
 * <li>a <b>listing</b> pass (one list call, a fan-out to every node) at the policies' shortest
 * interval after the last listing started, or as soon as the policies change; never two list
 * calls within {@link #LIST_FLOOR} of each other's start;
 * <li>a <b>deadline</b> pass between listings, just after the moment the next task seen within its
 * limit crosses its maxRuntime: no list call, the last listing advanced in time is judged as a fresh
 * one and violators are cancelled by id ({@link GovernancePass#runOnLastListing}).
 * </ul>
 * An update brings a pending pass forward, never back; passes of either kind are at least
 * {@link #MIN_GAP} apart, so deadlines close together are met by one pass. Passes run on the
 * {@link PassScheduler} given, which in production is a thread of this cluster's own, so a slow or
 * dead cluster never delays another.
 */
public final class ClusterPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPoller.class);
    /** The least time from the end of one pass to the start of the next, whatever asks for sooner. */
    static final Duration MIN_GAP = Duration.ofMillis(50);
    /** The least time from the start of one list call to the start of the next: at most one a second. */
    static final Duration LIST_FLOOR = Duration.ofSeconds(1);
    /** How long {@link #close()} waits, by default, for an interrupted pass to end before closing the client under it. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ClusterConnection cluster;
    private final String name;
    private final TasksApi tasks;
    private final PassScheduler scheduler;
    private final Clock clock;
    private final GovernancePass pass;
    private final PassListener listener;
    private final Duration closeWait;
    private boolean closed;
    private boolean running;
    private List<CompiledPolicy> policies = List.of();
    private PassScheduler.Pending pending;
    private Instant pendingAt;
    private Instant lastPassEnd;
    /** When the last list call started; null before the first. */
    private Instant lastListStart;
    /** When the next listing is due (the floor aside); null: at once. */
    private Instant nextListingAt;
    /** The policies the last successful listing was judged for; null when there is none to go on. */
    private List<CompiledPolicy> listedFor;
    /** When the last pass said a task seen within its limit crosses it (plus a margin); null: none. */
    private Instant deadlineAt;

    /**
     * @param tasks     the cluster's client; the poller owns it and closes it on {@link #close()}
     * @param scheduler runs the passes; the poller owns it and shuts it down on {@link #close()}
     * @param listener  told of every pass, on the scheduler's thread
     * @param closeWait how long {@link #close()} waits for a pass that ignores its interrupt ({@link #CLOSE_WAIT}
     *                  in production) before closing the client under it
     */
    public ClusterPoller(ClusterConnection cluster, TasksApi tasks, PassScheduler scheduler, Clock clock,
                         PassListener listener, Duration closeWait) {
        this.cluster = cluster;
        this.name = cluster.url().toString();
        this.tasks = tasks;
        this.scheduler = scheduler;
        this.clock = clock;
        this.pass = new GovernancePass(clock);
        this.listener = listener;
        this.closeWait = closeWait;
    }

    /** Replaces the policies governed here and looks at the cluster promptly; none left stops polling. */
    public synchronized void update(List<CompiledPolicy> active) {
        this.policies = List.copyOf(active);
        if (policies.isEmpty()) {
            cancelPending();
            return;
        }
        // Changed policies may list other actions or nodes: the last listing does not answer for them.
        nextListingAt = clock.instant();
        scheduleNext();
    }

    private void runPass() {
        List<CompiledPolicy> current;
        Instant due;
        boolean list;
        synchronized (this) {
            due = pendingAt;
            pending = null;
            pendingAt = null;
            current = policies;
            if (closed || current.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            boolean onLastListing = current.equals(listedFor) && pass.hasLastListing();
            boolean listingDue = !onLastListing || nextListingAt == null || !now.isBefore(nextListingAt);
            boolean floorPassed = lastListStart == null || !now.isBefore(lastListStart.plus(LIST_FLOOR));
            boolean deadlineDue = onLastListing && deadlineAt != null && !now.isBefore(deadlineAt);
            if (listingDue && floorPassed) {
                list = true;
            } else if (deadlineDue) {
                list = false;
            } else {
                scheduleNext(); // woke for a listing the floor holds back
                return;
            }
            running = true;
        }
        try {
            passOver(current, due, list);
        } finally {
            synchronized (this) {
                running = false;
                notifyAll();
            }
        }
    }

    private void passOver(List<CompiledPolicy> current, Instant due, boolean list) {
        PassResult result;
        Instant startedAt = clock.instant();
        Instant scheduledFor = due == null ? startedAt : due;
        try {
            result = list ? pass.run(current, tasks, scheduledFor) : pass.runOnLastListing(current, tasks, scheduledFor);
        } catch (RuntimeException e) {
            if (isClosed()) {
                LOG.debug("pass on {} ended by close: {}", name, e.toString());
                return;
            }
            // A bug must not end the polling of a cluster: report it and try again at the interval.
            LOG.error("pass on {} failed unexpectedly", name, e);
            synchronized (this) {
                if (list) {
                    lastListStart = startedAt;
                }
                listedFor = null;
                deadlineAt = null;
                nextListingAt = clock.instant().plus(shortestInterval(current));
                scheduleNext();
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
            if (list) {
                lastListStart = result.startedAt();
                listedFor = result.succeeded() ? current : null;
                // An update during the pass asked for a listing of its own policies: keep that.
                if (policies == current) {
                    nextListingAt = result.startedAt().plus(shortestInterval(current));
                }
            }
            deadlineAt = result.succeeded() ? result.nextCheck() : null;
            scheduleNext();
        }
    }

    /** The next pass: the next listing (held back by the floor) or, before it, the next deadline. */
    private void scheduleNext() {
        if (policies.isEmpty()) {
            return;
        }
        Instant listingAt = nextListingAt == null ? clock.instant() : nextListingAt;
        if (lastListStart != null && listingAt.isBefore(lastListStart.plus(LIST_FLOOR))) {
            listingAt = lastListStart.plus(LIST_FLOOR);
        }
        boolean onLastListing = policies.equals(listedFor);
        Instant at = onLastListing && deadlineAt != null && deadlineAt.isBefore(listingAt) ? deadlineAt : listingAt;
        scheduleAt(at);
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
        long deadline = System.nanoTime() + closeWait.toNanos();
        while (running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.warn("a pass on {} still runs {} after close; its client is closed under it", name, closeWait);
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
