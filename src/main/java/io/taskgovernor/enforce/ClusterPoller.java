package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.policy.CompiledPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Governs one cluster for all the policies that point at it, on a thread of its own so a slow or
 * dead cluster never delays another. The next pass runs at the earlier of the policies' interval
 * and the moment the next seen task crosses its maxRuntime.
 */
public final class ClusterPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPoller.class);
    private static final Duration MIN_GAP = Duration.ofMillis(50);

    private final String name;
    private final TasksApi tasks;
    private final GovernancePass pass;
    private final Consumer<PassResult> listener;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private List<CompiledPolicy> policies = List.of();
    private ScheduledFuture<?> pending;
    private Instant pendingAt;
    private Instant lastPassEnd;

    public ClusterPoller(String name, TasksApi tasks, Consumer<PassResult> listener, Clock clock) {
        this.name = name;
        this.tasks = tasks;
        this.pass = new GovernancePass(clock);
        this.listener = listener;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "poller-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Replaces the policies governed here and looks at the cluster promptly. */
    public synchronized void update(List<CompiledPolicy> active) {
        this.policies = List.copyOf(active);
        if (policies.isEmpty()) {
            cancelPending();
            return;
        }
        scheduleAt(clock.instant());
    }

    public synchronized List<CompiledPolicy> policies() {
        return policies;
    }

    private void runPass() {
        List<CompiledPolicy> current;
        Instant due;
        synchronized (this) {
            due = pendingAt;
            pending = null;
            pendingAt = null;
            current = policies;
        }
        if (current.isEmpty()) {
            return;
        }
        PassResult result;
        try {
            result = pass.run(current, tasks, due == null ? clock.instant() : due);
        } catch (RuntimeException e) {
            // A bug must not end the polling of a cluster: report it and try again next interval.
            LOG.error("pass on {} failed unexpectedly", name, e);
            synchronized (this) {
                scheduleAt(clock.instant().plus(current.get(0).interval()));
            }
            return;
        }
        try {
            listener.accept(result);
        } catch (RuntimeException e) {
            LOG.error("recording the pass on {} failed", name, e);
        }
        synchronized (this) {
            lastPassEnd = result.finishedAt();
            scheduleAt(result.nextCheck());
        }
    }

    private void scheduleAt(Instant at) {
        if (executor.isShutdown()) {
            return;
        }
        if (pending != null && !pendingAt.isAfter(at)) {
            return;
        }
        cancelPending();
        Instant earliest = lastPassEnd == null ? at : lastPassEnd.plus(MIN_GAP);
        Instant when = at.isBefore(earliest) ? earliest : at;
        long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
        pendingAt = when;
        pending = executor.schedule(this::runPass, delay, TimeUnit.MILLISECONDS);
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
            pendingAt = null;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            cancelPending();
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tasks.close();
    }
}
