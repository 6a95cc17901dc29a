package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.NodeFailure;
import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.policy.PolicyKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells a decision from the same decision repeated. A task that stays not cancellable, or stays a
 * dry run's pick, is decided again by every pass that lists it; it is one decision, not one per
 * pass. "The same" is: policy, rule, outcome and task (its id, and its start time so that an id a
 * restarted node hands out again is a new task), for as long as the task stays listed. A task is
 * forgotten at the first listing without it, unless its node failed to answer that listing; then
 * a later decision on it counts again. Only outcomes where nothing was sent
 * ({@link Outcome#nothingSent()}) are remembered: a cancel sent, or one that failed and is
 * retried, is an act each time.
 *
 * <p>Bounded: at most {@link #CAPACITY} decisions (one per task and rule at most, so more only on
 * a cluster with that many such tasks); past it the oldest is forgotten and, if repeated, counts
 * once more. Keep one per cluster, beside the pass; not thread-safe (one pass at a time).
 */
final class DecisionMemory {
    static final int CAPACITY = 10_000;

    private record Seen(PolicyKey policy, String rule, String taskId, String nodeId, long startTimeMillis, Outcome outcome) {
        static Seen of(Decision d) {
            return new Seen(d.policy(), d.rule(), d.task().id(), d.task().nodeId(), d.task().startTimeMillis(), d.outcome());
        }
    }

    private record Listed(String taskId, long startTimeMillis) {}

    private final LinkedHashSet<Seen> seen = new LinkedHashSet<>();

    /** Forgets the tasks a successful listing no longer shows (those on nodes that failed to answer excepted). */
    void keepListed(TaskListing listing) {
        if (seen.isEmpty()) {
            return;
        }
        Set<Listed> listed = new HashSet<>();
        for (RunningTask task : listing.tasks()) {
            listed.add(new Listed(task.id(), task.startTimeMillis()));
        }
        Set<String> silentNodes = new HashSet<>();
        for (NodeFailure failure : listing.nodeFailures()) {
            silentNodes.add(failure.nodeId());
        }
        seen.removeIf(s -> !listed.contains(new Listed(s.taskId(), s.startTimeMillis()))
                && !silentNodes.contains(s.nodeId()));
    }

    /** The decisions that are not repeats, in their order; remembers those that could repeat. */
    List<Decision> firstTimes(List<Decision> decisions) {
        List<Decision> first = new ArrayList<>(decisions.size());
        for (Decision decision : decisions) {
            if (!decision.outcome().nothingSent()) {
                first.add(decision);
            } else if (seen.add(Seen.of(decision))) {
                first.add(decision);
                evictBeyondCapacity();
            }
        }
        return first;
    }

    int size() {
        return seen.size();
    }

    private void evictBeyondCapacity() {
        Iterator<Seen> oldest = seen.iterator();
        while (seen.size() > CAPACITY && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
