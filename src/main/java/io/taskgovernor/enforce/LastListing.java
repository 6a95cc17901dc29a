package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.policy.ResolvedNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cluster's last listing and what the governor has learnt since from its own cancels, so that a
 * deadline between two listings is met by cancelling by id instead of listing again. Advanced to
 * an instant, it is the listing as it would look then if nothing had started or ended on its own:
 * every running time grows by the time gone by, a task the governor cancelled is
 * {@code cancelled: true}, a task found finished (cancel answered 404) is gone with its
 * descendants. Judged by the same {@code TaskDecider} as a fresh listing, so the tree rule,
 * overlapping policies, dry run, maxPerRun and the protections hold alike. Tasks started after the
 * listing are not in it: the next listing finds them.
 */
final class LastListing {
    private final TaskListing listing;
    private final ResolvedNodes nodes;
    /** The listing's tasks by id, built when a cancel first finds a task finished: most listings never need it. */
    private Map<String, RunningTask> byId;
    private final Set<String> cancelled = new HashSet<>();
    private final Set<String> finished = new HashSet<>();

    /** @param nodes what the rules' node specifications resolved to for this listing */
    LastListing(TaskListing listing, ResolvedNodes nodes) {
        this.listing = listing;
        this.nodes = nodes;
    }

    ResolvedNodes nodes() {
        return nodes;
    }

    /** Takes in what a pass's cancels showed: accepted ones are cancelled, 404s finished. */
    void learn(List<Decision> decisions) {
        for (Decision decision : decisions) {
            switch (decision.outcome()) {
                case CANCELLED, CANCEL_REQUESTED -> cancelled.add(decision.task().id());
                case ALREADY_FINISHED -> finished.add(decision.task().id());
                default -> { }
            }
        }
    }

    /**
     * The listing as of {@code now}; node failures are the listing's own (what it could not see it
     * still cannot).
     */
    TaskListing advancedTo(Instant now) {
        long elapsed = Math.max(0, Duration.between(listing.observedAt(), now).toNanos());
        List<RunningTask> tasks = new ArrayList<>(listing.tasks().size());
        for (RunningTask t : listing.tasks()) {
            if (endedWithAncestor(t)) {
                continue;
            }
            tasks.add(new RunningTask(t.id(), t.nodeId(), t.nodeName(), t.action(), t.type(), t.description(),
                    t.startTimeMillis(), t.runningTimeNanos() + elapsed, t.cancellable(),
                    t.cancelled() || cancelled.contains(t.id()), t.parentTaskId(), t.headers()));
        }
        return new TaskListing(now, tasks, listing.nodeFailures());
    }

    /** A child ends with its parent; a parent not listed says nothing. */
    private boolean endedWithAncestor(RunningTask task) {
        if (finished.isEmpty()) {
            return false;
        }
        if (byId == null) {
            byId = new HashMap<>(listing.tasks().size() * 2);
            listing.tasks().forEach(t -> byId.put(t.id(), t));
        }
        Set<String> seen = new HashSet<>();
        for (RunningTask t = task; t != null && seen.add(t.id()); t = t.isChild() ? byId.get(t.parentTaskId()) : null) {
            if (finished.contains(t.id())) {
                return true;
            }
        }
        return false;
    }
}
