package io.taskgovernor.policy;

import io.taskgovernor.elasticsearch.RunningTask;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a decision says about why it was taken, beyond the task's identity and the rule's limit.
 *
 * @param matched     the rule's patterns that matched the task ({@link MatchedPatterns}); empty when unknown
 * @param description a capped snapshot of the task's description, or null when the policy keeps
 *                    none ({@code spec.audit.description: false}) or the listing had none
 */
public record DecisionDetail(Map<String, String> matched, DescriptionSnapshot description) {
    /** Nothing known: for decisions built without a rule at hand (tests, old callers). */
    public static final DecisionDetail NONE = new DecisionDetail(Map.of(), null);

    public DecisionDetail {
        // Kept in the order the rule reads its filters: it is printed as it is.
        matched = Collections.unmodifiableMap(new LinkedHashMap<>(matched));
    }

    /** The detail of a decision about {@code task}, judged by {@code rule} of a policy auditing as {@code audit} says. */
    public static DecisionDetail of(CompiledRule rule, RunningTask task, AuditSettings audit) {
        DescriptionSnapshot description = audit.keepDescription()
                ? DescriptionSnapshot.of(task.description(), audit.descriptionLimit()) : null;
        return new DecisionDetail(MatchedPatterns.of(rule, task), description);
    }
}
