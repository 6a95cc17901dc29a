package io.taskgovernor.testing;

import io.taskgovernor.elasticsearch.AwaitResult;
import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.TasksApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A stateful stand-in for a cluster in operator tests that need no real Elasticsearch: tasks stay
 * listed until cancelled, and every call is counted.
 */
public final class FakeCluster implements TasksApi {
    private volatile List<String> missingPrivileges = List.of();
    private final java.util.concurrent.atomic.AtomicInteger privilegeChecks = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, RunningTask> tasks = new ConcurrentHashMap<>();
    private final List<String> cancelled = new CopyOnWriteArrayList<>();
    private final List<String> cancelOpaqueIds = new CopyOnWriteArrayList<>();
    private final AtomicInteger lists = new AtomicInteger();
    private volatile Supplier<ClusterException> failure;
    private volatile Supplier<ClusterException> cancelFailure;
    private final AtomicInteger cancelAttempts = new AtomicInteger();
    private volatile CountDownLatch cancelGate;

    public FakeCluster add(RunningTask task) {
        tasks.put(task.id(), task);
        return this;
    }

    public void failWith(Supplier<ClusterException> failure) {
        this.failure = failure;
    }

    /**
     * Cancels from now on wait, inside the pass, until {@link #releaseCancels()}; interrupts do not
     * end the wait, as a request on the wire would not end at once either.
     */
    public void holdCancels() {
        cancelGate = new CountDownLatch(1);
    }

    public void releaseCancels() {
        CountDownLatch gate = cancelGate;
        cancelGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Every cancel throws this (e.g. a 403 refusal) and leaves its task running; null to accept cancels again. */
    public void failCancelsWith(Supplier<ClusterException> failure) {
        this.cancelFailure = failure;
    }

    @Override
    public TaskListing list(ListQuery query, String opaqueId) {
        lists.incrementAndGet();
        Supplier<ClusterException> f = failure;
        if (f != null) {
            throw f.get();
        }
        return new TaskListing(Instant.now(), new ArrayList<>(tasks.values()), List.of());
    }

    /** Every node of this stand-in answers to its own id, and to nothing else. */
    @Override
    public Set<String> resolveNodes(String spec, Duration timeout, String opaqueId) {
        Set<String> ids = new java.util.HashSet<>();
        for (String part : spec.split(",")) {
            tasks.values().stream().map(RunningTask::nodeId).filter(part::equals).forEach(ids::add);
        }
        return ids;
    }

    @Override
    public CancelResult cancel(String taskId, String opaqueId) {
        cancelAttempts.incrementAndGet();
        awaitGate();
        Supplier<ClusterException> f = cancelFailure;
        if (f != null) {
            throw f.get();
        }
        cancelled.add(taskId);
        cancelOpaqueIds.add(opaqueId);
        return tasks.remove(taskId) == null
                ? new CancelResult(CancelResult.Status.NOT_FOUND, "gone") : CancelResult.accepted();
    }

    /** The privileges the cluster's user is said to lack from now on (none by default). */
    public void lackPrivileges(String... privileges) {
        missingPrivileges = List.of(privileges);
    }

    @Override
    public List<String> missingPrivileges(List<String> clusterPrivileges, String opaqueId) {
        privilegeChecks.incrementAndGet();
        Supplier<ClusterException> failing = failure;
        if (failing != null) {
            throw failing.get();
        }
        return clusterPrivileges.stream().filter(missingPrivileges::contains).toList();
    }

    public int privilegeChecks() { return privilegeChecks.get(); }

    @Override
    public AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId) {
        return AwaitResult.COMPLETED;
    }

    private void awaitGate() {
        CountDownLatch gate = cancelGate;
        boolean interrupted = false;
        while (gate != null) {
            try {
                gate.await();
                gate = null;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public List<String> cancelled() { return List.copyOf(cancelled); }
    public List<String> cancelOpaqueIds() { return List.copyOf(cancelOpaqueIds); }
    public int listCalls() { return lists.get(); }
    public int cancelAttempts() { return cancelAttempts.get(); }

    @Override
    public void close() {
        // shared across pollers in tests; nothing to release
    }
}
