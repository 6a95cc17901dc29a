package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.elasticsearch.TaskListing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One pass over one cluster: a single listing judged by every policy on that cluster.
 *
 * @param scheduledFor when the pass was due; it started {@link #lateness()} after that
 * @param failure   why the listing failed, else null
 * @param listing   null when the listing failed; for a pass between listings, the last listing
 *                  advanced to this pass ({@link GovernancePass#runOnLastListing})
 * @param nextCheck when the cluster should be looked at again: the earliest deadline (plus a
 *                  margin) of a task seen within its limit, else the shortest interval after the start
 * @param requests  what the pass sent to the cluster
 */
public record PassResult(
        Instant scheduledFor,
        Instant startedAt,
        Instant finishedAt,
        TaskListing listing,
        ClusterException failure,
        List<PolicyResult> policies,
        Instant nextCheck,
        ElasticsearchRequests requests,
        List<String> missingPrivileges) {

    public PassResult {
        policies = List.copyOf(policies);
        missingPrivileges = missingPrivileges == null ? List.of() : List.copyOf(missingPrivileges);
    }

    /** Whether this pass sent a list call (else it went on the last listing). */
    public boolean listed() {
        return requests.list() > 0;
    }

    public boolean succeeded() {
        return failure == null;
    }

    public Duration lateness() {
        Duration late = Duration.between(scheduledFor, startedAt);
        return late.isNegative() ? Duration.ZERO : late;
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    public List<Decision> decisions() {
        return policies.stream().flatMap(p -> p.decisions().stream()).toList();
    }

    /** Set when the cluster refused this pass's cancels on authorization: nothing was enforced. */
    public Optional<CancelRefusal> cancelRefusal() {
        return CancelRefusal.in(decisions());
    }

    /** Whether a cancel of this pass got past the cluster's authorization. */
    public boolean cancelAuthorized() {
        return CancelRefusal.anyCancelAuthorized(decisions());
    }
}
