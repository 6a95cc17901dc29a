package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.CompiledRule;
import io.taskgovernor.policy.Evaluation;
import io.taskgovernor.policy.ListQueryPlanner;
import io.taskgovernor.policy.ListedNodes;
import io.taskgovernor.policy.TaskDecider;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A pass over a saved {@code _tasks} answer ({@code run --replay}): what the policies would decide
 * on it, sending nothing. It judges what the live pass's list call would have listed
 * ({@link ListQueryPlanner#view}: a saved {@code tasks} answer filters nothing), decides with the
 * same {@link TaskDecider}, and reports as a dry run does: an enforcing policy still takes its tasks
 * first (as in a live pass), and what it would cancel is a {@code DRY_RUN} decision whose reason says so.
 * Rules naming nodes are resolved from the answer alone ({@link ListedNodes}).
 */
public final class Replay {
    /** The reason of an enforcing policy's decision in a replay. */
    public static final String WOULD_CANCEL = "replay: nothing sent; a live pass would cancel it";

    private final Clock clock;

    public Replay(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param saved    the saved answer, as {@code TaskListingParser} reads it
     * @param policies active policies, at least one
     * @return one pass, {@link ElasticsearchRequests#NONE} sent; each policy's warnings say which of its rules
     *         cannot judge this answer (nodes not resolvable offline, descriptions missing)
     */
    public PassResult run(List<CompiledPolicy> policies, TaskListing saved) {
        Instant startedAt = clock.instant();
        ListedNodes listed = ListedNodes.of(saved);
        var nodes = listed.resolve(policies);
        TaskListing view = ListQueryPlanner.view(saved, ListQueryPlanner.plan(policies, nodes, null));
        boolean described = saved.tasks().stream().anyMatch(t -> t.description() != null);
        Enforcer reporter = new Enforcer(clock);
        List<PolicyResult> results = new ArrayList<>();
        for (Evaluation evaluation : new TaskDecider().evaluate(policies, view, nodes)) {
            CompiledPolicy policy = evaluation.policy();
            // Nothing may be sent: the decided evaluation is reported as its dry run would report it.
            Evaluation reported = new Evaluation(policy.asDryRun(), evaluation.governed(), evaluation.toCancel(),
                    evaluation.deferred(), evaluation.notCancellable(), evaluation.lingering(), evaluation.nextDeadline(),
                    evaluation.covered());
            List<Decision> decisions = new ArrayList<>();
            for (Decision d : reporter.enforce(reported, null, null)) {
                boolean wouldCancel = !policy.dryRun() && d.outcome() == Outcome.DRY_RUN;
                decisions.add(wouldCancel ? new Decision(d.policy(), d.rule(), d.task(), d.maxRuntime(), d.overshoot(),
                        d.outcome(), WOULD_CANCEL, d.decidedAt(), null, d.detail()) : d);
            }
            List<String> warnings = new ArrayList<>(listed.warnings(policy));
            if (!described) {
                for (CompiledRule rule : policy.rules()) {
                    if (rule.readsDescriptions()) {
                        warnings.add("rule " + rule.name() + ": the saved answer holds no task descriptions (it was not "
                                + "a detailed listing): the rule matches no task here");
                    }
                }
            }
            results.add(new PolicyResult(policy, evaluation, decisions, warnings));
        }
        return new PassResult(startedAt, startedAt, clock.instant(), view, null, results, clock.instant(),
                ElasticsearchRequests.NONE, null);
    }
}
