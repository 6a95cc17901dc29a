package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parent links of one listing: which listed tasks are ancestors of which, and which tasks are
 * protected. Only tasks present in the listing count as ancestors; a parent the listing lacks
 * (filtered out by {@code actions}, already finished like Kibana's {@code async_search/submit}, or on
 * a node not listed) ends the chain, so its child is judged on its own. A task from outside the
 * listing (what {@code explain} may ask about) is answered too, by walking up from it.
 *
 * <p>Built once per listing and asked several times per task and policy, so the answers that hold for
 * the whole listing (protection, a cancelled ancestor) are worked out here, in one walk up from each
 * task, and each parent is looked up once.
 */
public final class TaskTree {
    /** Deeper than any tree Elasticsearch builds (reindex: parent, slice, scroll/bulk, [s]); a guard against cycles. */
    private static final int MAX_DEPTH = 64;

    /**
     * The listed parent of each child task, keyed by the child's own id: the questions below then find it by that
     * String itself, where a lookup by {@code parent_task_id}, a second copy of the parent's id, compared it
     * character by character (most of a decision pass's time on 100k tasks, README "Benchmarks").
     */
    private final Map<String, RunningTask> byId;
    private final Map<String, RunningTask> parents;
    /** Why each protected task is never judged ({@link #protection}); only protected tasks are keys. */
    private final Map<String, String> protections;
    /** The tasks with a listed ancestor already {@code cancelled: true}. */
    private final Set<String> underCancelled;

    private TaskTree(Map<String, RunningTask> byId, Map<String, RunningTask> parents, Map<String, String> protections,
            Set<String> underCancelled) {
        this.byId = byId;
        this.parents = parents;
        this.protections = protections;
        this.underCancelled = underCancelled;
    }

    public static TaskTree of(TaskListing listing) {
        List<RunningTask> tasks = listing.tasks();
        Map<String, RunningTask> byId = new HashMap<>(tasks.size() * 2);
        for (RunningTask task : tasks) {
            byId.put(task.id(), task);
        }
        Map<String, RunningTask> parents = new HashMap<>();
        for (RunningTask task : tasks) {
            // A second task with the same id (only a malformed answer has one) is not the listed one: it is answered
            // by walking, as a task from outside the listing, and must not leave its answers under the id.
            if (task.isChild() && byId.get(task.id()) == task) {
                RunningTask parent = byId.get(task.parentTaskId());
                if (parent != null && parent != task) {
                    parents.put(task.id(), parent);
                }
            }
        }
        Map<String, String> protections = new HashMap<>();
        Set<String> underCancelled = new HashSet<>();
        TaskTree tree = new TaskTree(byId, parents, protections, underCancelled);
        for (RunningTask task : tasks) {
            if (byId.get(task.id()) != task) {
                continue;
            }
            String protection = tree.walkForProtection(task);
            if (protection != null) {
                protections.put(task.id(), protection);
            }
            if (tree.walkForCancelledAncestor(task)) {
                underCancelled.add(task.id());
            }
        }
        return tree;
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
     * the listing lacks, or back at {@code start} (a cycle).
     */
    private RunningTask listedParent(RunningTask current, RunningTask start) {
        if (!current.isChild()) {
            return null;
        }
        RunningTask parent = parents.get(current.id());
        if (parent == null && !isListed(current)) {
            parent = byId.get(current.parentTaskId());
        }
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
        return isListed(task) ? underCancelled.contains(task.id()) : walkForCancelledAncestor(task);
    }

    /** Whether the task is the one of the listing with its id (found by that very String, so without comparing characters). */
    private boolean isListed(RunningTask task) {
        return byId.get(task.id()) == task;
    }

    private boolean walkForCancelledAncestor(RunningTask task) {
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
        return protection(task) != null;
    }

    /**
     * Why the task is never judged ({@link #isProtected}), e.g. {@code "persistent task"} or
     * {@code "descendant of n1:7 (xpack/transform/job[c]): persistent task"}; null when it is not protected.
     */
    public String protection(RunningTask task) {
        return isListed(task) ? protections.get(task.id()) : walkForProtection(task);
    }

    private String walkForProtection(RunningTask task) {
        String itself = protectionOf(task);
        if (itself != null) {
            return itself;
        }
        int depth = 0;
        for (RunningTask ancestor = listedParent(task, task); ancestor != null && depth++ < MAX_DEPTH;
                ancestor = listedParent(ancestor, task)) {
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
