package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides which tasks of a listing violate a policy. Pure: the same listing and policy always give
 * the same evaluation, and nothing is sent anywhere.
 *
 * <p>The protections come first, because a wrong cancellation costs someone their query:
 * persistent tasks, the governor's own requests and child tasks are never judged; a child is
 * stopped through its root, whose cancellation Elasticsearch propagates to the whole tree.
 */
public final class TaskDecider {
    /** Every request the governor sends carries an X-Opaque-Id starting with this. */
    public static final String GOVERNOR_OPAQUE_ID_PREFIX = "task-governor/";

    private static final Comparator<Violation> OLDEST_FIRST = Comparator
            .comparingLong((Violation v) -> v.task().runningTimeNanos()).reversed()
            .thenComparing(v -> v.task().id());

    /** For policies whose rules name no nodes: a rule that names nodes matches no task here. */
    public Evaluation evaluate(CompiledPolicy policy, TaskListing listing) {
        return evaluate(policy, listing, ResolvedNodes.NONE);
    }

    /** @param nodes what the policy's node specifications resolved to on the listed cluster */
    public Evaluation evaluate(CompiledPolicy policy, TaskListing listing, ResolvedNodes nodes) {
        int governed = 0;
        List<Violation> cancellable = new ArrayList<>();
        List<Violation> notCancellable = new ArrayList<>();
        List<Violation> lingering = new ArrayList<>();
        Instant nextDeadline = null;

        for (RunningTask task : listing.tasks()) {
            if (isProtected(task)) {
                continue;
            }
            Optional<CompiledRule> strictest = strictestRule(policy, task, nodes);
            if (strictest.isEmpty()) {
                continue;
            }
            governed++;
            CompiledRule rule = strictest.get();
            Duration runningTime = Duration.ofNanos(task.runningTimeNanos());
            Duration overshoot = runningTime.minus(rule.maxRuntime());
            if (overshoot.isNegative() || overshoot.isZero()) {
                Instant deadline = listing.observedAt().plus(overshoot.negated());
                if (nextDeadline == null || deadline.isBefore(nextDeadline)) {
                    nextDeadline = deadline;
                }
                continue;
            }
            Violation violation = new Violation(task, rule, overshoot);
            if (task.cancelled()) {
                lingering.add(violation);
            } else if (!task.cancellable()) {
                notCancellable.add(violation);
            } else {
                cancellable.add(violation);
            }
        }

        cancellable.sort(OLDEST_FIRST);
        notCancellable.sort(OLDEST_FIRST);
        lingering.sort(OLDEST_FIRST);
        int cap = Math.min(policy.cancellation().maxPerRun(), cancellable.size());
        return new Evaluation(
                policy,
                governed,
                cancellable.subList(0, cap),
                cancellable.subList(cap, cancellable.size()),
                notCancellable,
                lingering,
                Optional.ofNullable(nextDeadline));
    }

    /** The rule that would act on this task, or empty when none applies or the task is protected. */
    public static Optional<CompiledRule> governingRule(CompiledPolicy policy, RunningTask task, ResolvedNodes nodes) {
        return isProtected(task) ? Optional.empty() : strictestRule(policy, task, nodes);
    }

    static boolean isProtected(RunningTask task) {
        if (task.isChild() || task.isPersistent()) {
            return true;
        }
        String opaqueId = task.opaqueId();
        return opaqueId != null && opaqueId.startsWith(GOVERNOR_OPAQUE_ID_PREFIX);
    }

    /** The matching rule with the smallest maxRuntime; on a tie the one written first. */
    static Optional<CompiledRule> strictestRule(CompiledPolicy policy, RunningTask task, ResolvedNodes nodes) {
        CompiledRule strictest = null;
        for (CompiledRule rule : policy.rules()) {
            if (RuleMatcher.matches(rule, task, nodes)
                    && (strictest == null || rule.maxRuntime().compareTo(strictest.maxRuntime()) < 0)) {
                strictest = rule;
            }
        }
        return Optional.ofNullable(strictest);
    }
}
