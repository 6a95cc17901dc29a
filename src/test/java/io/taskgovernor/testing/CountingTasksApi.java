package io.taskgovernor.testing;

import io.taskgovernor.elasticsearch.AwaitResult;
import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.TasksApi;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a real client and counts the calls that reach the cluster, keeping the list queries. */
public final class CountingTasksApi implements TasksApi {
    private final TasksApi delegate;
    private final AtomicInteger lists = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private final List<ListQuery> queries = new CopyOnWriteArrayList<>();
    private final List<Long> listNanos = new CopyOnWriteArrayList<>();

    public CountingTasksApi(TasksApi delegate) {
        this.delegate = delegate;
    }

    @Override
    public TaskListing list(ListQuery query, String opaqueId) {
        lists.incrementAndGet();
        listNanos.add(System.nanoTime());
        queries.add(query);
        return delegate.list(query, opaqueId);
    }

    @Override
    public Set<String> resolveNodes(String spec, Duration timeout, String opaqueId) {
        return delegate.resolveNodes(spec, timeout, opaqueId);
    }

    @Override
    public CancelResult cancel(String taskId, String opaqueId) {
        cancels.incrementAndGet();
        return delegate.cancel(taskId, opaqueId);
    }

    @Override
    public List<String> missingPrivileges(List<String> clusterPrivileges, String opaqueId) {
        return delegate.missingPrivileges(clusterPrivileges, opaqueId);
    }

    @Override
    public AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId) {
        return delegate.awaitCompletion(taskId, timeout, opaqueId);
    }

    public int lists() { return lists.get(); }
    public int cancels() { return cancels.get(); }
    public List<ListQuery> queries() { return List.copyOf(queries); }
    /** {@link System#nanoTime()} at each list call, in order. */
    public List<Long> listNanos() { return List.copyOf(listNanos); }

    @Override
    public void close() {
        delegate.close();
    }
}
