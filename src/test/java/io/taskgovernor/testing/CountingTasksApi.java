package io.taskgovernor.testing;

import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.ForwardingTasksApi;
import io.taskgovernor.elasticsearch.TasksApi;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a real client and counts the calls that reach the cluster, keeping the list queries. */
public final class CountingTasksApi extends ForwardingTasksApi {
    private final AtomicInteger lists = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private final List<ListQuery> queries = new CopyOnWriteArrayList<>();
    private final List<Long> listNanos = new CopyOnWriteArrayList<>();

    public CountingTasksApi(TasksApi delegate) {
        super(delegate);
    }

    @Override
    public TaskListing list(ListQuery query, String opaqueId) {
        lists.incrementAndGet();
        listNanos.add(System.nanoTime());
        queries.add(query);
        return super.list(query, opaqueId);
    }

    @Override
    public CancelResult cancel(String taskId, String opaqueId) {
        cancels.incrementAndGet();
        return super.cancel(taskId, opaqueId);
    }

    public int lists() { return lists.get(); }
    public int cancels() { return cancels.get(); }
    public List<ListQuery> queries() { return List.copyOf(queries); }
    /** {@link System#nanoTime()} at each list call, in order. */
    public List<Long> listNanos() { return List.copyOf(listNanos); }
}
