package io.taskgovernor.elasticsearch;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A Tasks API that hands every call to another one, for wrappers that watch or keep some of the calls
 * (counting requests, keeping the last list answer) and pass the rest through unchanged. Each method
 * returns and throws what the wrapped client's does; {@link #close()} closes the wrapped client, so a
 * wrapper that does not own it overrides {@code close}.
 */
public abstract class ForwardingTasksApi implements TasksApi {
    private final TasksApi delegate;

    protected ForwardingTasksApi(TasksApi delegate) {
        this.delegate = delegate;
    }

    /** The client calls are handed to. */
    protected TasksApi delegate() {
        return delegate;
    }

    @Override
    public TaskListing list(ListQuery query, String opaqueId) {
        return delegate.list(query, opaqueId);
    }

    @Override
    public Set<String> resolveNodes(String spec, Duration timeout, String opaqueId) {
        return delegate.resolveNodes(spec, timeout, opaqueId);
    }

    @Override
    public CancelResult cancel(String taskId, String opaqueId) {
        return delegate.cancel(taskId, opaqueId);
    }

    @Override
    public AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId) {
        return delegate.awaitCompletion(taskId, timeout, opaqueId);
    }

    @Override
    public List<String> missingPrivileges(List<String> clusterPrivileges, String opaqueId) {
        return delegate.missingPrivileges(clusterPrivileges, opaqueId);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
