package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which tasks of a listing the cluster's policies cancel. Pure: the same listing and
 * policies always give the same evaluations, and nothing is sent anywhere.
 *
 * <p>The rule for task trees: every listed task that a rule matches and that is not protected
 * ({@link TaskTree#isProtected}) is judged by its own strictest rule. A violator is cancelled unless
 * a listed ancestor is already {@code cancelled: true} or is chosen by an enforcing policy in the
 * same pass: in each tree only the topmost violators are cancelled, once, and Elasticsearch cancels
 * their descendants with them. A task whose parent is not listed is judged on its own.
 *
 * <p>Overlapping policies: enforcing policies act first, then dry-run ones, each group by key. The
 * first enforcing policy (in that order) that chooses a task cancels it; a dry-run policy claims
 * nothing and reports what it would cancel, except tasks that an enforcing policy cancels in this
 * pass, itself or through an ancestor.
 */
public final class TaskDecider {
    /**
     * Enforcing policies first, then by key (ClusterTaskPolicies before TaskPolicies, {@link PolicyKey}): the same
     * policy acts first on every pass, in the CLI and the operator.
     */
    public static final Comparator<CompiledPolicy> ACTING_ORDER =
            Comparator.comparing(CompiledPolicy::dryRun).thenComparing(CompiledPolicy::key);

    private static final Comparator<Violation> OLDEST_FIRST = Comparator
            .comparingLong((Violation v) -> v.task().runningTimeNanos()).reversed()
            .thenComparing(v -> v.task().id());

    /** What one policy alone sees in the listing, before trees and other policies are considered. */
    private record Judgement(CompiledPolicy policy, int governed, List<Violation> violators,
            List<RunningTask> withinLimit, List<CompiledRule> withinLimitRules) {}

    /**
     * Every policy of one cluster on the same listing.
     *
     * @param nodes what the policies' node specifications resolved to on the listed cluster
     * @return one evaluation per policy, in {@link #ACTING_ORDER}, the order they must be enforced in
     */
    public List<Evaluation> evaluate(Collection<CompiledPolicy> policies, TaskListing listing, ResolvedNodes nodes) {
        TaskTree tree = TaskTree.of(listing);
        List<Judgement> judgements = policies.stream().sorted(ACTING_ORDER).map(p -> judge(p, tree, listing, nodes)).toList();

        // Trees being stopped by an enforcing policy in this pass, sent now or deferred by maxPerRun:
        // nothing beneath them is cancelled on its own.
        Set<String> enforcingCandidates = new HashSet<>();
        for (Judgement judgement : judgements) {
            if (!judgement.policy().dryRun()) {
                for (Violation violation : judgement.violators()) {
                    if (isCandidate(violation.task(), tree)) {
                        enforcingCandidates.add(violation.task().id());
                    }
                }
            }
        }

        Set<String> cancelledByEnforcing = new HashSet<>();
        List<Evaluation> evaluations = new ArrayList<>();
        for (Judgement judgement : judgements) {
            CompiledPolicy policy = judgement.policy();
            // Enforcing policies were all handled before the first dry-run one (ACTING_ORDER).
            Set<String> stopping = policy.dryRun() ? cancelledByEnforcing : enforcingCandidates;
            Set<String> ownCandidates = new HashSet<>();
            if (policy.dryRun()) {
                for (Violation violation : judgement.violators()) {
                    RunningTask task = violation.task();
                    if (isCandidate(task, tree) && !cancelledByEnforcing.contains(task.id())) {
                        ownCandidates.add(task.id());
                    }
                }
            }
            List<Violation> candidates = new ArrayList<>();
            List<Violation> notCancellable = new ArrayList<>();
            List<Violation> lingering = new ArrayList<>();
            List<Violation> covered = new ArrayList<>();
            for (Violation violation : judgement.violators()) {
                RunningTask task = violation.task();
                if (tree.hasCancelledAncestor(task) || tree.hasAncestorIn(task, stopping)
                        || tree.hasAncestorIn(task, ownCandidates) || cancelledByEnforcing.contains(task.id())) {
                    covered.add(violation);
                } else if (task.cancelled()) {
                    lingering.add(violation);
                } else if (!task.cancellable()) {
                    notCancellable.add(violation);
                } else {
                    candidates.add(violation);
                }
            }
            candidates.sort(OLDEST_FIRST);
            int cap = Math.min(policy.cancellation().maxPerRun(), candidates.size());
            List<Violation> toCancel = candidates.subList(0, cap);
            if (!policy.dryRun()) {
                toCancel.forEach(v -> cancelledByEnforcing.add(v.task().id()));
            }
            notCancellable.sort(OLDEST_FIRST);
            lingering.sort(OLDEST_FIRST);
            covered.sort(OLDEST_FIRST);
            evaluations.add(new Evaluation(policy, judgement.governed(), toCancel,
                    candidates.subList(cap, candidates.size()), notCancellable, lingering, Optional.empty(), covered));
        }

        // A task whose tree is being stopped will not reach its deadline; only the others may wake the next pass.
        List<Evaluation> withDeadlines = new ArrayList<>(evaluations.size());
        for (int i = 0; i < evaluations.size(); i++) {
            Evaluation e = evaluations.get(i);
            Optional<Instant> next = nextDeadline(judgements.get(i), tree, cancelledByEnforcing, listing.observedAt());
            withDeadlines.add(new Evaluation(e.policy(), e.governed(), e.toCancel(), e.deferred(), e.notCancellable(),
                    e.lingering(), next, e.covered()));
        }
        return withDeadlines;
    }

    /** The rule that would act on this task of the listing, or empty when none applies or the task is protected. */
    public static Optional<CompiledRule> governingRule(CompiledPolicy policy, RunningTask task, TaskTree tree,
            ResolvedNodes nodes) {
        return tree.isProtected(task) ? Optional.empty() : strictestRule(policy, task, tree, nodes);
    }

    private static Judgement judge(CompiledPolicy policy, TaskTree tree, TaskListing listing, ResolvedNodes nodes) {
        int governed = 0;
        List<Violation> violators = new ArrayList<>();
        List<RunningTask> withinLimit = new ArrayList<>();
        List<CompiledRule> withinLimitRules = new ArrayList<>();
        for (RunningTask task : listing.tasks()) {
            Optional<CompiledRule> strictest = strictestRule(policy, task, tree, nodes);
            if (strictest.isEmpty() || tree.isProtected(task)) {
                continue;
            }
            governed++;
            CompiledRule rule = strictest.get();
            Duration overshoot = Duration.ofNanos(task.runningTimeNanos()).minus(rule.maxRuntime());
            if (overshoot.isNegative() || overshoot.isZero()) {
                withinLimit.add(task);
                withinLimitRules.add(rule);
            } else {
                violators.add(new Violation(task, rule, overshoot));
            }
        }
        return new Judgement(policy, governed, violators, withinLimit, withinLimitRules);
    }

    private static Optional<Instant> nextDeadline(Judgement judgement, TaskTree tree, Set<String> cancelledByEnforcing,
            Instant observedAt) {
        Instant next = null;
        for (int i = 0; i < judgement.withinLimit().size(); i++) {
            RunningTask task = judgement.withinLimit().get(i);
            if (tree.hasCancelledAncestor(task) || tree.hasAncestorIn(task, cancelledByEnforcing)) {
                continue;
            }
            Duration left = judgement.withinLimitRules().get(i).maxRuntime().minusNanos(task.runningTimeNanos());
            Instant deadline = observedAt.plus(left);
            if (next == null || deadline.isBefore(next)) {
                next = deadline;
            }
        }
        return Optional.ofNullable(next);
    }

    /** Could be cancelled on its own: cancellable, not yet cancelled, and no listed ancestor already cancelled. */
    private static boolean isCandidate(RunningTask task, TaskTree tree) {
        return task.cancellable() && !task.cancelled() && !tree.hasCancelledAncestor(task);
    }

    /** The matching rule with the smallest maxRuntime; on a tie the one written first. */
    static Optional<CompiledRule> strictestRule(CompiledPolicy policy, RunningTask task, TaskTree tree,
            ResolvedNodes nodes) {
        CompiledRule strictest = null;
        List<CompiledRule> rules = policy.rules();
        for (int i = 0; i < rules.size(); i++) { // indexed: see RuleMatcher#matches
            CompiledRule rule = rules.get(i);
            if (RuleMatcher.matches(rule, task, nodes, tree)
                    && (strictest == null || rule.maxRuntime().compareTo(strictest.maxRuntime()) < 0)) {
                strictest = rule;
            }
        }
        return Optional.ofNullable(strictest);
    }
}
