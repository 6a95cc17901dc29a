package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.policy.GovernorOpaqueId;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.Evaluation;
import io.taskgovernor.policy.ListQueryPlanner;
import io.taskgovernor.policy.ResolvedNodes;
import io.taskgovernor.policy.TaskDecider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One look at one cluster on behalf of all its active policies: the rules' node specifications
 * resolved (cached, {@link NodeSpecCache}), one list call, then each policy decides and enforces
 * on the same listing; or, between listings, the same on the last listing advanced in time
 * ({@link #runOnLastListing}). Keep one per cluster: it holds that cluster's node resolutions and
 * last listing, and the memory of decisions already reported ({@link DecisionMemory}), so that a
 * task left as it was (dry run, not cancellable) is one decision however many passes see it.
 * Not thread-safe: one pass at a time.
 */
public final class GovernancePass {
    /** A deadline is checked just after it passes, so that the task is already over its limit. */
    public static final Duration DEADLINE_MARGIN = Duration.ofMillis(20);

    private final TaskDecider decider = new TaskDecider();
    private final NodeSpecCache nodeSpecs;
    private final Enforcer enforcer;
    private final DecisionMemory reported = new DecisionMemory();
    private final PrivilegeCheck privileges;
    private final Clock clock;
    /** The last successful listing, for passes between listings; null after a failed one. */
    private LastListing last;
    private RequestTally tally;

    public GovernancePass(Clock clock) {
        this.clock = clock;
        this.enforcer = new Enforcer(clock);
        this.nodeSpecs = new NodeSpecCache(clock);
        this.privileges = new PrivilegeCheck(clock);
    }

    /** @param policies the cluster's active (valid, not suspended) policies; at least one */
    public PassResult run(List<CompiledPolicy> policies, TasksApi tasks) {
        return run(policies, tasks, clock.instant());
    }

    /** @param scheduledFor when the pass was due, to measure how late it starts */
    public PassResult run(List<CompiledPolicy> policies, TasksApi client, Instant scheduledFor) {
        RequestTally tasks = tallyFor(client);
        Instant startedAt = clock.instant();
        Duration perNodeTimeout = perNodeTimeout(policies);
        ResolvedNodes nodes;
        TaskListing listing;
        last = null;
        try {
            nodes = nodeSpecs.resolve(policies, tasks, perNodeTimeout);
            listing = tasks.list(ListQueryPlanner.plan(policies, nodes, perNodeTimeout), GovernorOpaqueId.LIST);
        } catch (ClusterException e) {
            return new PassResult(scheduledFor, startedAt, clock.instant(), null, e, List.of(),
                    startedAt.plus(shortestInterval(policies)), tasks.take(), null);
        }
        reported.keepListed(listing);
        LastListing listed = new LastListing(listing, nodes);
        PassResult result = decideAndEnforce(policies, listing, nodes, tasks, scheduledFor, startedAt);
        listed.learn(result.decisions());
        last = listed;
        return result;
    }

    /**
     * A pass without a list call: the last listing advanced to now ({@link LastListing}), judged
     * and enforced exactly as a fresh one; what is cancelled is cancelled by id. Tasks that ended
     * meanwhile answer the cancel with 404 ({@code ALREADY_FINISHED}), a request to one node.
     *
     * @throws IllegalStateException when the last pass did not list successfully
     */
    public PassResult runOnLastListing(List<CompiledPolicy> policies, TasksApi client, Instant scheduledFor) {
        if (last == null) {
            throw new IllegalStateException("no listing to go on");
        }
        RequestTally tasks = tallyFor(client);
        Instant startedAt = clock.instant();
        PassResult result = decideAndEnforce(policies, last.advancedTo(startedAt), last.nodes(), tasks,
                scheduledFor, startedAt);
        last.learn(result.decisions());
        return result;
    }

    /** Whether {@link #runOnLastListing} has a listing to go on. */
    public boolean hasLastListing() {
        return last != null;
    }

    private PassResult decideAndEnforce(List<CompiledPolicy> policies, TaskListing listing, ResolvedNodes nodes,
            RequestTally tasks, Instant scheduledFor, Instant startedAt) {
        List<PolicyResult> results = new ArrayList<>();
        Instant nextCheck = startedAt.plus(shortestInterval(policies));
        // Which policy acts on a task several choose, and which tasks of a tree, is settled in pure
        // code; the evaluations come in the order they are enforced in.
        WaitWindow waits = new WaitWindow(clock);
        for (Evaluation evaluation : decider.evaluate(policies, listing, nodes)) {
            results.add(new PolicyResult(evaluation.policy(), evaluation,
                    reported.firstTimes(enforcer.enforce(evaluation, tasks, waits)), nodes.warnings(evaluation.policy())));
            if (evaluation.nextDeadline().isPresent()) {
                Instant deadline = evaluation.nextDeadline().get().plus(DEADLINE_MARGIN);
                if (deadline.isBefore(nextCheck)) {
                    nextCheck = deadline;
                }
            }
        }
        List<String> missing = privileges.missing(tasks);
        return new PassResult(scheduledFor, startedAt, clock.instant(), listing, null, results, nextCheck,
                tasks.take(), missing);
    }

    private RequestTally tallyFor(TasksApi client) {
        if (tally == null || tally.client() != client) {
            tally = new RequestTally(client);
        }
        tally.take(); // a pass counts its own requests only
        return tally;
    }

    private static Duration shortestInterval(List<CompiledPolicy> policies) {
        return policies.stream().map(CompiledPolicy::interval).min(Comparator.naturalOrder()).orElseThrow();
    }

    /**
     * Nodes get half the HTTP timeout to answer, so a slow node shows up as a node failure in the
     * answer instead of the whole call timing out.
     */
    static Duration perNodeTimeout(List<CompiledPolicy> policies) {
        return policies.get(0).cluster().requestTimeout().dividedBy(2);
    }
}
