package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.taskgovernor.api.DecisionRecord;
import io.taskgovernor.api.TaskPolicyStatus;
import io.taskgovernor.enforce.CancelRefusal;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.policy.DurationFormat;
import io.taskgovernor.policy.Evaluation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes a policy's next status from the previous one and what happened since. Pure, so that
 * every condition transition is tested without a cluster.
 */
public final class StatusComposer {
    public static final String READY = "Ready";
    static final int RECENT_LIMIT = 20;
    static final int MAX_MESSAGE = 1024;

    /** The Ready condition's verdict. */
    public record Verdict(String status, ReadyReason reason, String message) {}

    public TaskPolicyStatus compose(TaskPolicyStatus previous, long generation, PolicyState state,
                                    PassLedger.Snapshot snapshot, Instant now) {
        TaskPolicyStatus next = copyCounters(previous);
        next.setObservedGeneration(generation);
        ElasticsearchHealth health = state instanceof PolicyState.Active active ? active.elasticsearch()
                : state instanceof PolicyState.ReferenceProblem problem ? problem.elasticsearch() : null;
        if (health != null) {
            next.setElasticsearchHealth(health.health());
            next.setElasticsearchPhase(health.phase());
        }
        PolicyObservation latest = snapshot.latest();
        if (state instanceof PolicyState.Active && latest != null) {
            next.setLastEvaluationTime(latest.time().toString());
            Evaluation evaluation = latest.evaluation();
            if (evaluation != null) {
                next.setGovernedTasks(evaluation.governed());
                next.setViolations(evaluation.violations());
                next.setLingeringTasks(evaluation.lingering().size());
            }
        }
        PassLedger.Tally tally = snapshot.tally();
        next.setDecisionsTotal(orZero(next.getDecisionsTotal()) + tally.total());
        tally.byOutcome().forEach((outcome, n) -> next.getDecisionsByOutcome().merge(outcome.name(), n, Long::sum));
        next.setCancellationsTotal(orZero(next.getCancellationsTotal()) + tally.cancelled());
        next.setRecentDecisions(recent(previous, snapshot.newDecisions()));
        Verdict verdict = verdict(state, latest, verdictOf(previous));
        next.setConditions(withReady(previous == null ? List.of() : previous.getConditions(), verdict, generation, now));
        return next;
    }

    /**
     * @param before the Ready verdict in the previous status, or null: a refusal to cancel holds
     *               until a cancel gets through, since a pass with nothing to cancel proves nothing
     */
    /**
     * The status after a reconcile that failed: everything the previous status held, with Ready
     * False/{@link ReadyReason#ReconcileFailed} saying why. Decisions not yet recorded stay in the
     * ledger for the next reconcile.
     */
    public TaskPolicyStatus failed(TaskPolicyStatus previous, long generation, Exception failure, Instant now) {
        TaskPolicyStatus next = copyCounters(previous);
        next.setObservedGeneration(generation);
        next.setRecentDecisions(recent(previous, List.of()));
        next.setConditions(withReady(previous == null || previous.getConditions() == null ? List.of() : previous.getConditions(),
                failureVerdict(failure), generation, now));
        return next;
    }

    public static Verdict failureVerdict(Exception failure) {
        String what = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return new Verdict("False", ReadyReason.ReconcileFailed, truncate("reconcile failed, retried with backoff: " + what));
    }

    public static Verdict verdict(PolicyState state, PolicyObservation latest, Verdict before) {
        if (state instanceof PolicyState.Invalid invalid) {
            return new Verdict("False", ReadyReason.InvalidSpec, truncate(String.join("; ", invalid.problems())));
        }
        if (state instanceof PolicyState.CredentialsProblem problem) {
            return new Verdict("False", ReadyReason.CredentialsUnavailable, truncate(problem.message()));
        }
        if (state instanceof PolicyState.ReferenceProblem problem) {
            return new Verdict("False", problem.reason(), truncate(problem.message()));
        }
        if (state instanceof PolicyState.Suspended) {
            return new Verdict("False", ReadyReason.Suspended, "spec.suspend is true: no task is cancelled");
        }
        if (latest == null) {
            return new Verdict("Unknown", ReadyReason.Pending, "waiting for the first pass over the cluster");
        }
        if (latest.failure() != null && latest.failure().isUnauthorized()) {
            return new Verdict("False", ReadyReason.Unauthorized, truncate(latest.failure().getMessage()));
        }
        if (latest.failure() != null) {
            return new Verdict("False", ReadyReason.ElasticsearchUnavailable, truncate(latest.failure().getMessage()));
        }
        Optional<CancelRefusal> refusal = CancelRefusal.in(latest.decisions());
        if (refusal.isPresent()) {
            return new Verdict("False", ReadyReason.InsufficientPrivileges, truncate(refusal.get().explanation()));
        }
        Evaluation e = latest.evaluation();
        // A dry run lists only; an enforcing policy needs cancel_task too, and should not wait for a refused cancel to say so.
        List<String> lacking = latest.missingPrivileges().stream()
                .filter(p -> !e.policy().dryRun() || !"cancel_task".equals(p)).toList();
        if (!lacking.isEmpty()) {
            return new Verdict("False", ReadyReason.InsufficientPrivileges, truncate("the cluster's user lacks the cluster"
                    + " privilege(s) " + String.join(", ", lacking) + " (_has_privileges): the governor needs monitor to"
                    + " list and cancel_task to cancel; grant them to its role"));
        }
        if (before != null && before.reason() == ReadyReason.InsufficientPrivileges && !e.policy().dryRun()
                && !CancelRefusal.anyCancelAuthorized(latest.decisions())) {
            return before;
        }
        String message = e.governed() + " governed task(s), " + e.violations() + " violation(s), "
                + e.lingering().size() + " lingering after cancel";
        if (!latest.nodeFailures().isEmpty()) {
            message += "; incomplete listing: " + latest.nodeFailures().get(0)
                    + (latest.nodeFailures().size() > 1 ? " and " + (latest.nodeFailures().size() - 1) + " more" : "");
        }
        for (String warning : latest.warnings()) {
            message += "; " + warning;
        }
        return new Verdict("True", ReadyReason.Governing, truncate(message));
    }

    /** The Ready verdict a status holds, or null when it has none this operator understands. */
    public static Verdict verdictOf(TaskPolicyStatus status) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        for (Condition condition : status.getConditions()) {
            if (READY.equals(condition.getType())) {
                try {
                    return new Verdict(condition.getStatus(), ReadyReason.valueOf(condition.getReason()), condition.getMessage());
                } catch (IllegalArgumentException | NullPointerException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static List<Condition> withReady(List<Condition> previous, Verdict verdict, long generation, Instant now) {
        List<Condition> conditions = new ArrayList<>();
        Condition old = null;
        for (Condition condition : previous) {
            if (READY.equals(condition.getType())) {
                old = condition;
            } else {
                conditions.add(condition);
            }
        }
        // lastTransitionTime moves only when the status flips, as Kubernetes conventions ask.
        String transition = old != null && Objects.equals(old.getStatus(), verdict.status())
                && old.getLastTransitionTime() != null ? old.getLastTransitionTime() : now.toString();
        conditions.add(0, new ConditionBuilder()
                .withType(READY)
                .withStatus(verdict.status())
                .withReason(verdict.reason().name())
                .withMessage(verdict.message())
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build());
        return conditions;
    }

    private static List<DecisionRecord> recent(TaskPolicyStatus previous, List<Decision> decisions) {
        List<DecisionRecord> records = new ArrayList<>();
        for (int i = decisions.size() - 1; i >= 0; i--) {
            DecisionRecord record = toRecord(decisions.get(i));
            // A cancel that fails is retried every pass: keep one entry per task and outcome, the latest.
            if (records.stream().noneMatch(r -> sameTaskAndOutcome(r, record))) {
                records.add(record);
            }
        }
        if (previous != null && previous.getRecentDecisions() != null) {
            for (DecisionRecord old : previous.getRecentDecisions()) {
                if (records.stream().noneMatch(r -> sameTaskAndOutcome(r, old))) {
                    records.add(old);
                }
            }
        }
        return records.size() > RECENT_LIMIT ? new ArrayList<>(records.subList(0, RECENT_LIMIT)) : records;
    }

    private static boolean sameTaskAndOutcome(DecisionRecord a, DecisionRecord b) {
        return Objects.equals(a.getTaskId(), b.getTaskId()) && Objects.equals(a.getOutcome(), b.getOutcome());
    }

    static DecisionRecord toRecord(Decision d) {
        DecisionRecord record = new DecisionRecord();
        record.setTime(d.decidedAt().toString());
        record.setRule(d.rule());
        record.setTaskId(d.task().id());
        record.setNode(d.task().nodeLabel());
        record.setAction(d.task().action());
        record.setOpaqueId(d.task().opaqueId());
        d.origin().ifPresent(o -> record.setOrigin(o.text()));
        record.setTraceId(d.traceId());
        d.indices().ifPresent(record::setIndices);
        record.setRunningTimeMs(d.task().runningTimeMillis());
        record.setOutcome(d.outcome().name());
        record.setReason(d.reason() == null ? null : truncate(d.reason()));
        record.setMaxRuntime(DurationFormat.format(d.maxRuntime()));
        record.setMatched(d.detail().matched().isEmpty() ? null : new LinkedHashMap<>(d.detail().matched()));
        return record;
    }

    private static TaskPolicyStatus copyCounters(TaskPolicyStatus previous) {
        TaskPolicyStatus next = new TaskPolicyStatus();
        if (previous != null) {
            next.setDecisionsTotal(previous.getDecisionsTotal());
            if (previous.getDecisionsByOutcome() != null) {
                next.getDecisionsByOutcome().putAll(previous.getDecisionsByOutcome());
            }
            next.setCancellationsTotal(previous.getCancellationsTotal());
            next.setLastEvaluationTime(previous.getLastEvaluationTime());
            next.setGovernedTasks(previous.getGovernedTasks());
            next.setViolations(previous.getViolations());
            next.setLingeringTasks(previous.getLingeringTasks());
        }
        return next;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    static String truncate(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
