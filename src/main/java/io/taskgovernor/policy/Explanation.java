package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Why the governor would or would not act on one task: for every rule of every policy whether it
 * matches and, if not, every filter the task fails; what protects the task, if anything; and each
 * policy's verdict, as {@link TaskDecider} decides it on the same listing. Pure: built from the
 * decider's own matching ({@link RuleMatcher}), protections ({@link TaskTree}) and evaluations, so
 * an explanation never disagrees with a pass.
 *
 * @param task       the task explained
 * @param protection why no rule judges it ({@link TaskTree#protection}), else null
 * @param policies   one per policy, in {@link TaskDecider#ACTING_ORDER}
 */
public record Explanation(RunningTask task, String protection, List<PolicyVerdict> policies) {

    /** What one policy makes of the task. */
    public enum Verdict {
        /** No rule of the policy matches the task. */
        NOT_MATCHED,
        /** A rule matches, but the task is protected ({@link Explanation#protection()}). */
        PROTECTED,
        /** Governed, still within the strictest matching rule's maxRuntime. */
        WITHIN_LIMIT,
        /** An enforcing policy cancels it in this pass. */
        CANCEL,
        /** A dry-run policy reports that it would cancel it. */
        DRY_RUN,
        /** Over its limit, left for a later pass by maxPerRun. */
        DEFERRED,
        /** Over its limit; Elasticsearch cannot cancel it: reported, never sent. */
        NOT_CANCELLABLE,
        /** Over its limit and already {@code cancelled: true}: lingering, never cancelled again. */
        ALREADY_CANCELLED,
        /** Over its limit; another cancel stops it (see the detail). */
        COVERED
    }

    /**
     * One policy's view.
     *
     * @param governingRule the strictest matching rule's name, or null when none matches
     * @param maxRuntime    that rule's limit, or null
     * @param detail        the verdict in words: running time against the limit, who covers it, ...
     */
    public record PolicyVerdict(PolicyKey policy, boolean dryRun, List<RuleCheck> rules, String governingRule,
            Duration maxRuntime, Verdict verdict, String detail) {
        public PolicyVerdict {
            rules = List.copyOf(rules);
        }
    }

    /** One rule against the task: matched when {@code failures} is empty. */
    public record RuleCheck(String rule, Duration maxRuntime, List<FilterFailure> failures) {
        public RuleCheck {
            failures = List.copyOf(failures);
        }

        public boolean matched() {
            return failures.isEmpty();
        }
    }

    /** A filter of a rule the task fails ({@link RuleMatcher#FILTERS}), e.g. {@code action}, and why. */
    public record FilterFailure(String filter, String reason) {}

    public Explanation {
        policies = List.copyOf(policies);
    }

    /**
     * @param task     the task to explain, as listed; it need not be in {@code listing} (a task the
     *                 planned list call would not list), it is then judged by no policy
     * @param listing  what the pass would decide on: the listing its list call returns
     *                 ({@link ListQueryPlanner#view})
     * @param nodes    what the rules' node specifications resolved to
     */
    public static Explanation of(RunningTask task, Collection<CompiledPolicy> policies, TaskListing listing,
            ResolvedNodes nodes) {
        TaskTree tree = TaskTree.of(listing);
        String protection = tree.protection(task);
        List<Evaluation> evaluations = new TaskDecider().evaluate(policies, listing, nodes);
        List<PolicyVerdict> verdicts = new ArrayList<>();
        for (Evaluation evaluation : evaluations) {
            CompiledPolicy policy = evaluation.policy();
            List<RuleCheck> rules = new ArrayList<>();
            for (CompiledRule rule : policy.rules()) {
                rules.add(new RuleCheck(rule.name(), rule.maxRuntime(), RuleMatcher.failures(rule, task, nodes)));
            }
            Optional<CompiledRule> strictest = TaskDecider.strictestRule(policy, task, tree, nodes);
            String ruleName = strictest.map(CompiledRule::name).orElse(null);
            Duration limit = strictest.map(CompiledRule::maxRuntime).orElse(null);
            Verdict verdict;
            String detail;
            if (strictest.isEmpty()) {
                verdict = Verdict.NOT_MATCHED;
                detail = "no rule of the policy matches the task";
            } else if (protection != null) {
                verdict = Verdict.PROTECTED;
                detail = "never judged: " + protection;
            } else {
                String running = "running " + format(task.runningTimeNanos()) + ", limit " + DurationFormat.format(limit)
                        + " (rule " + ruleName + ")";
                if (has(evaluation.toCancel(), task)) {
                    verdict = policy.dryRun() ? Verdict.DRY_RUN : Verdict.CANCEL;
                    detail = running + (policy.dryRun() ? ": would be cancelled (dry run: nothing sent)"
                            : ": cancelled in this pass" + (policy.cancellation().waitForCompletion()
                                    ? ", then waited for (CANCELLED, or CANCEL_REQUESTED when it runs on)" : " (CANCEL_REQUESTED)"));
                } else if (has(evaluation.deferred(), task)) {
                    verdict = Verdict.DEFERRED;
                    detail = running + ": over the limit, left for a later pass by maxPerRun "
                            + policy.cancellation().maxPerRun() + " (older violators go first)";
                } else if (has(evaluation.notCancellable(), task)) {
                    verdict = Verdict.NOT_CANCELLABLE;
                    detail = running + ": over the limit, but Elasticsearch cannot cancel it (cancellable: false): reported only";
                } else if (has(evaluation.lingering(), task)) {
                    verdict = Verdict.ALREADY_CANCELLED;
                    detail = running + ": over the limit and already cancelled (still running): never cancelled again";
                } else if (has(evaluation.covered(), task)) {
                    verdict = Verdict.COVERED;
                    detail = running + ": over the limit; " + coveredBy(task, policy, tree, evaluations);
                } else {
                    verdict = Verdict.WITHIN_LIMIT;
                    detail = running + ": within the limit";
                }
            }
            verdicts.add(new PolicyVerdict(policy.key(), policy.dryRun(), rules, ruleName, limit, verdict, detail));
        }
        return new Explanation(task, protection, verdicts);
    }

    /** The policies that would act on the task: those whose verdict sends or reports something. */
    public List<PolicyVerdict> acting() {
        return policies.stream().filter(p -> p.verdict() == Verdict.CANCEL || p.verdict() == Verdict.DRY_RUN
                || p.verdict() == Verdict.NOT_CANCELLABLE).toList();
    }

    /** Which cancel stops a covered task, told from the evaluations the decider made. */
    private static String coveredBy(RunningTask task, CompiledPolicy policy, TaskTree tree, List<Evaluation> evaluations) {
        for (RunningTask ancestor : tree.ancestors(task)) {
            if (ancestor.cancelled()) {
                return "its ancestor " + ancestor.id() + " (" + ancestor.action()
                        + ") is already cancelled: Elasticsearch is stopping its subtree";
            }
            for (Evaluation other : evaluations) {
                boolean chosen = has(other.toCancel(), ancestor) || has(other.deferred(), ancestor);
                if (chosen && (!other.policy().dryRun() || other.policy().equals(policy))) {
                    return "its ancestor " + ancestor.id() + " (" + ancestor.action() + ") is chosen by "
                            + (other.policy().equals(policy) ? "this policy" : "policy " + other.policy().key())
                            + ": cancelling it cancels this task";
                }
            }
        }
        for (Evaluation other : evaluations) {
            if (!other.policy().dryRun() && !other.policy().equals(policy) && has(other.toCancel(), task)) {
                return "policy " + other.policy().key() + " (enforcing, earlier in the acting order) cancels it";
            }
        }
        return "an ancestor's cancel in this pass stops it";
    }

    private static boolean has(List<Violation> violations, RunningTask task) {
        for (Violation violation : violations) {
            if (violation.task().id().equals(task.id())) {
                return true;
            }
        }
        return false;
    }

    private static String format(long nanos) {
        return DurationFormat.format(Duration.ofMillis(nanos / 1_000_000L));
    }
}
