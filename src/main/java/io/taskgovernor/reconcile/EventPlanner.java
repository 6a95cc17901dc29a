package io.taskgovernor.reconcile;

import io.taskgovernor.enforce.Decision;
import io.taskgovernor.policy.DurationFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which Events one reconcile writes. Pure. Conditions get one event when they change, not
 * one per pass; decisions get one event each, folded into a summary when there are many at once.
 */
public final class EventPlanner {
    /** More decisions of one reason than this in one reconcile become a single summary event. */
    static final int MAX_INDIVIDUAL_EVENTS = 5;

    public List<PlannedEvent> plan(StatusComposer.Verdict before, StatusComposer.Verdict after, List<Decision> decisions) {
        List<PlannedEvent> events = new ArrayList<>();
        conditionEvent(before, after).ifPresent(events::add);
        Map<EventReason, List<Decision>> byReason = new EnumMap<>(EventReason.class);
        for (Decision decision : decisions) {
            EventReason reason = switch (decision.outcome()) {
                case CANCELLED, CANCEL_REQUESTED -> EventReason.TaskCancelled;
                case DRY_RUN -> EventReason.WouldCancel;
                case FAILED -> EventReason.CancelFailed;
                case ALREADY_FINISHED, NOT_CANCELLABLE -> null;
            };
            if (reason != null) {
                byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(decision);
            }
        }
        byReason.forEach((reason, list) -> {
            if (list.size() <= MAX_INDIVIDUAL_EVENTS) {
                list.forEach(d -> events.add(new PlannedEvent(reason, describe(reason, d))));
            } else {
                events.add(new PlannedEvent(reason, summarise(reason, list)));
            }
        });
        return events;
    }

    private static java.util.Optional<PlannedEvent> conditionEvent(StatusComposer.Verdict before, StatusComposer.Verdict after) {
        boolean sameReason = before != null && before.reason() == after.reason();
        boolean sameMessage = before != null && Objects.equals(before.message(), after.message());
        PlannedEvent event = switch (after.reason()) {
            case InvalidSpec -> sameReason && sameMessage ? null : new PlannedEvent(EventReason.InvalidSpec, after.message());
            case CredentialsUnavailable -> sameReason && sameMessage ? null
                    : new PlannedEvent(EventReason.CredentialsUnavailable, after.message());
            case ElasticsearchUnavailable -> sameReason ? null : new PlannedEvent(EventReason.ElasticsearchUnavailable, after.message());
            case Unauthorized -> sameReason ? null : new PlannedEvent(EventReason.Unauthorized, after.message());
            case InsufficientPrivileges -> sameReason ? null : new PlannedEvent(EventReason.InsufficientPrivileges, after.message());
            case Suspended -> sameReason ? null : new PlannedEvent(EventReason.Suspended, after.message());
            case CrossNamespaceReferenceRefused, ElasticsearchNotFound, CertificateNotFound -> sameReason && sameMessage ? null
                    : new PlannedEvent(EventReason.ElasticsearchReferenceUnresolved, after.message());
            case ReconcileFailed -> sameReason ? null : new PlannedEvent(EventReason.ReconcileFailed, after.message());
            case Governing -> governingAgain(before, after);
            case Pending -> null;
        };
        return java.util.Optional.ofNullable(event);
    }

    private static PlannedEvent governingAgain(StatusComposer.Verdict before, StatusComposer.Verdict after) {
        if (before == null) {
            return null;
        }
        return switch (before.reason()) {
            case ElasticsearchUnavailable, Unauthorized ->
                    new PlannedEvent(EventReason.ElasticsearchAvailable, "the cluster answers again: " + after.message());
            case InsufficientPrivileges ->
                    new PlannedEvent(EventReason.CancelsAccepted, "the cluster accepts cancels again: " + after.message());
            default -> null;
        };
    }

    static String describe(EventReason reason, Decision d) {
        // The origin says it in words people read; a raw X-Opaque-Id only when it names none.
        String who = d.origin().map(o -> ", origin " + o.text())
                .orElse(d.task().opaqueId() == null ? "" : ", X-Opaque-Id " + d.task().opaqueId());
        String node = d.task().nodeLabel();
        String limit = "maxRuntime " + DurationFormat.format(d.maxRuntime()) + " of rule " + d.rule();
        return switch (reason) {
            // No running time in the dry-run message: the same task is reported every pass, and equal
            // messages are aggregated into one Event with a count.
            case WouldCancel -> "would cancel task " + d.task().id() + " (" + d.task().action() + " on " + node + who
                    + "): over " + limit;
            case CancelFailed -> "cancelling task " + d.task().id() + " (" + d.task().action() + " on " + node + who
                    + ") failed: " + d.reason();
            default -> "cancelled task " + d.task().id() + " (" + d.task().action() + " on " + node + who
                    + ") after " + DurationFormat.format(Duration.ofMillis(d.task().runningTimeMillis())) + ", over " + limit
                    + " [" + d.outcome() + "]";
        };
    }

    private static String summarise(EventReason reason, List<Decision> decisions) {
        Map<String, Integer> byRule = new LinkedHashMap<>();
        decisions.forEach(d -> byRule.merge(d.rule(), 1, Integer::sum));
        StringBuilder rules = new StringBuilder();
        byRule.forEach((rule, n) -> rules.append(rules.length() == 0 ? "" : ", ").append(n).append(" by rule ").append(rule));
        String verb = switch (reason) {
            case WouldCancel -> "would cancel ";
            case CancelFailed -> "failed to cancel ";
            default -> "cancelled ";
        };
        return verb + decisions.size() + " tasks (" + rules + "); see status.recentDecisions";
    }
}
