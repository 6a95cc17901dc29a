package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parent links of one listing: which listed tasks are ancestors of which, and which tasks are
 * protected. Only tasks present in the listing count as ancestors; a parent the listing lacks
 * (filtered out by {@code actions}, already finished like Kibana's {@code async_search/submit}, or on
 * a node not listed) ends the chain, so its child is judged on its own.
 */
public final class TaskTree {
    /** Deeper than any tree Elasticsearch builds (reindex: parent, slice, scroll/bulk, [s]); a guard against cycles. */
    private static final int MAX_DEPTH = 64;

    private final Map<String, RunningTask> byId;

    private TaskTree(Map<String, RunningTask> byId) {
        this.byId = byId;
    }

    public static TaskTree of(TaskListing listing) {
        Map<String, RunningTask> byId = new HashMap<>(listing.tasks().size() * 2);
        for (RunningTask task : listing.tasks()) {
            byId.put(task.id(), task);
        }
        return new TaskTree(byId);
    }

    /** The listed ancestors of a task, nearest first; empty for a root or a task whose parent is not listed. */
    public List<RunningTask> ancestors(RunningTask task) {
        List<RunningTask> ancestors = new ArrayList<>(2);
        for (RunningTask a = listedParent(task, task); a != null && ancestors.size() < MAX_DEPTH; a = listedParent(a, task)) {
            ancestors.add(a);
        }
        return ancestors;
    }

    /**
     * The listed parent of {@code current} in the chain up from {@code start}; null at a root, at a parent
     * the listing lacks, or back at {@code start} (a cycle). The checks below walk with it instead of
     * building {@link #ancestors}: they run for every listed task on every pass, and most tasks are roots.
     */
    private RunningTask listedParent(RunningTask current, RunningTask start) {
        if (!current.isChild()) {
            return null;
        }
        RunningTask parent = byId.get(current.parentTaskId());
        return parent == start ? null : parent;
    }

    /** Whether a listed ancestor of the task is in the set of ids. */
    public boolean hasAncestorIn(RunningTask task, Set<String> ids) {
        if (ids.isEmpty()) {
            return false;
        }
        int depth = 0;
        for (RunningTask ancestor = listedParent(task, task); ancestor != null && depth++ < MAX_DEPTH;
                ancestor = listedParent(ancestor, task)) {
            if (ids.contains(ancestor.id())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a listed ancestor already carries {@code cancelled: true}: Elasticsearch is stopping the subtree. */
    public boolean hasCancelledAncestor(RunningTask task) {
        int depth = 0;
        for (RunningTask ancestor = listedParent(task, task); ancestor != null && depth++ < MAX_DEPTH;
                ancestor = listedParent(ancestor, task)) {
            if (ancestor.cancelled()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Never judged: persistent tasks, the governor's own requests, and every listed descendant of
     * either (e.g. the searches a transform's persistent task runs).
     */
    public boolean isProtected(RunningTask task) {
        if (protectionOf(task) != null) {
            return true;
        }
        int depth = 0;
        for (RunningTask ancestor = listedParent(task, task); ancestor != null && depth++ < MAX_DEPTH;
                ancestor = listedParent(ancestor, task)) {
            if (protectionOf(ancestor) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why the task is never judged ({@link #isProtected}), e.g. {@code "persistent task"} or
     * {@code "descendant of n1:7 (xpack/transform/job[c]): persistent task"}; null when it is not protected.
     */
    public String protection(RunningTask task) {
        String itself = protectionOf(task);
        if (itself != null) {
            return itself;
        }
        for (RunningTask ancestor : ancestors(task)) {
            String inherited = protectionOf(ancestor);
            if (inherited != null) {
                return "descendant of " + ancestor.id() + " (" + ancestor.action() + "): " + inherited;
            }
        }
        return null;
    }

    private static String protectionOf(RunningTask task) {
        if (task.isPersistent()) {
            return "persistent task";
        }
        return GovernorOpaqueId.isGovernors(task.opaqueId()) ? "the governor's own request (X-Opaque-Id " + task.opaqueId() + ")" : null;
    }
}
