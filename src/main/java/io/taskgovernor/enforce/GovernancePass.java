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
 * on the same listing. Keep one per cluster: it holds that cluster's node resolutions.
 */
public final class GovernancePass {
    /** A deadline is checked just after it passes, so that the task is already over its limit. */
    static final Duration DEADLINE_MARGIN = Duration.ofMillis(20);

    private final TaskDecider decider = new TaskDecider();
    private final NodeSpecCache nodeSpecs;
    private final Enforcer enforcer;
    private final Clock clock;

    public GovernancePass(Clock clock) {
        this.clock = clock;
        this.enforcer = new Enforcer(clock);
        this.nodeSpecs = new NodeSpecCache(clock);
    }

    /** @param policies the cluster's active (valid, not suspended) policies; at least one */
    public PassResult run(List<CompiledPolicy> policies, TasksApi tasks) {
        return run(policies, tasks, clock.instant());
    }

    /** @param scheduledFor when the pass was due, to measure how late it starts */
    public PassResult run(List<CompiledPolicy> policies, TasksApi tasks, Instant scheduledFor) {
        Instant startedAt = clock.instant();
        Duration interval = policies.stream().map(CompiledPolicy::interval)
                .min(Comparator.naturalOrder()).orElseThrow();
        Instant nextByInterval = startedAt.plus(interval);
        Duration perNodeTimeout = perNodeTimeout(policies);
        ResolvedNodes nodes;
        TaskListing listing;
        try {
            nodes = nodeSpecs.resolve(policies, tasks, perNodeTimeout);
            listing = tasks.list(ListQueryPlanner.plan(policies, nodes, perNodeTimeout), GovernorOpaqueId.LIST);
        } catch (ClusterException e) {
            return new PassResult(scheduledFor, startedAt, clock.instant(), null, e, List.of(), nextByInterval);
        }
        List<PolicyResult> results = new ArrayList<>();
        Instant nextCheck = nextByInterval;
        // Which policy acts on a task several choose, and which tasks of a tree, is settled in pure
        // code; the evaluations come in the order they are enforced in.
        WaitWindow waits = new WaitWindow(clock);
        for (Evaluation evaluation : decider.evaluate(policies, listing, nodes)) {
            results.add(new PolicyResult(evaluation.policy(), evaluation, enforcer.enforce(evaluation, tasks, waits),
                    nodes.warnings(evaluation.policy())));
            if (evaluation.nextDeadline().isPresent()) {
                Instant deadline = evaluation.nextDeadline().get().plus(DEADLINE_MARGIN);
                if (deadline.isBefore(nextCheck)) {
                    nextCheck = deadline;
                }
            }
        }
        return new PassResult(scheduledFor, startedAt, clock.instant(), listing, null, results, nextCheck);
    }

    /**
     * Nodes get half the HTTP timeout to answer, so a slow node shows up as a node failure in the
     * answer instead of the whole call timing out.
     */
    static Duration perNodeTimeout(List<CompiledPolicy> policies) {
        return policies.get(0).cluster().requestTimeout().dividedBy(2);
    }
}
