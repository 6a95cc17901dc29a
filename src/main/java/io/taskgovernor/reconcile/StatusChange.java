package io.taskgovernor.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.taskgovernor.api.TaskPolicyStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Whether a composed status is worth a write to the API server. Every write is a new etcd revision and
 * a watch event to every client of TaskPolicies, so a status is written when something other than
 * timestamps changed (a condition, a counter, a new decision, observedGeneration), and otherwise only
 * to move {@code lastEvaluationTime} on, at most once per {@link #REFRESH}.
 */
final class StatusChange {
    /** How stale {@code lastEvaluationTime} (the LAST RUN column) may get on a policy with no news. */
    static final Duration REFRESH = Duration.ofMinutes(1);

    private StatusChange() {}

    /**
     * @param written the status stored now (null when none)
     * @param next    the status composed from it
     */
    static boolean worthWriting(TaskPolicyStatus written, TaskPolicyStatus next) {
        if (written == null) {
            return true;
        }
        if (!withoutTimestamps(written).equals(withoutTimestamps(next))) {
            return true;
        }
        return refreshDue(written.getLastEvaluationTime(), next.getLastEvaluationTime());
    }

    /** True when {@code next} is at least {@link #REFRESH} after {@code written} (RFC 3339 instants). */
    static boolean refreshDue(String written, String next) {
        if (next == null || next.equals(written)) {
            return false;
        }
        if (written == null) {
            return true;
        }
        try {
            return !Instant.parse(next).isBefore(Instant.parse(written).plus(REFRESH));
        } catch (DateTimeParseException e) {
            return true; // a value this operator did not write: replace it
        }
    }

    private static JsonNode withoutTimestamps(TaskPolicyStatus status) {
        ObjectNode tree = Serialization.jsonMapper().valueToTree(status);
        tree.remove("lastEvaluationTime");
        // A condition's lastTransitionTime moves only with its status, which is a change in itself.
        tree.withArray("conditions").forEach(c -> ((ObjectNode) c).remove("lastTransitionTime"));
        return tree;
    }
}
