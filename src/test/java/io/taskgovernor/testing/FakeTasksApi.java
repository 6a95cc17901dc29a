package io.taskgovernor.testing;

import io.taskgovernor.elasticsearch.AwaitResult;
import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.TasksApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/** A scripted cluster for unit tests: answers what it is told and records every call. */
public final class FakeTasksApi implements TasksApi {
    public record Call(String kind, String taskId, String opaqueId, Duration waited) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Supplier<CancelResult>> cancelAnswers = new HashMap<>();
    private final Map<String, Supplier<AwaitResult>> awaitAnswers = new HashMap<>();
    private Supplier<TaskListing> listAnswer;
    private Function<String, Set<String>> nodesAnswer = spec -> {
        throw new AssertionError("no node resolution scripted for " + spec);
    };
    private final List<ListQuery> queries = new CopyOnWriteArrayList<>();
    private boolean closed;

    public FakeTasksApi listing(Supplier<TaskListing> answer) { this.listAnswer = answer; return this; }
    /** How node specifications resolve: spec (as sent, comma-joined) to node ids, or a thrown ClusterException. */
    public FakeTasksApi nodes(Function<String, Set<String>> answer) { this.nodesAnswer = answer; return this; }
    public FakeTasksApi onCancel(String taskId, Supplier<CancelResult> answer) { cancelAnswers.put(taskId, answer); return this; }
    public FakeTasksApi onAwait(String taskId, Supplier<AwaitResult> answer) { awaitAnswers.put(taskId, answer); return this; }

    @Override
    public TaskListing list(ListQuery query, String opaqueId) {
        calls.add(new Call("list", null, opaqueId, null));
        queries.add(query);
        return listAnswer.get();
    }

    @Override
    public Set<String> resolveNodes(String spec, Duration timeout, String opaqueId) {
        calls.add(new Call("nodes", spec, opaqueId, timeout));
        return nodesAnswer.apply(spec);
    }

    @Override
    public CancelResult cancel(String taskId, String opaqueId) {
        calls.add(new Call("cancel", taskId, opaqueId, null));
        return cancelAnswers.getOrDefault(taskId, CancelResult::accepted).get();
    }

    /** A user holding every privilege asked about. */
    @Override
    public List<String> missingPrivileges(List<String> clusterPrivileges, String opaqueId) {
        return List.of();
    }

    @Override
    public AwaitResult awaitCompletion(String taskId, Duration timeout, String opaqueId) {
        calls.add(new Call("await", taskId, opaqueId, timeout));
        return awaitAnswers.getOrDefault(taskId, () -> AwaitResult.COMPLETED).get();
    }

    public List<Call> calls() { return new ArrayList<>(calls); }
    public List<Call> calls(String kind) { return calls.stream().filter(c -> c.kind().equals(kind)).toList(); }
    public List<ListQuery> queries() { return List.copyOf(queries); }
    public boolean closed() { return closed; }

    @Override
    public void close() { closed = true; }
}
