package io.taskgovernor.audit;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.policy.DecisionDetail;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One decision as a document of the audit data stream. Field names follow ECS where ECS has the
 * concept ({@code @timestamp}, {@code event.*}, {@code message}, {@code rule.name}, {@code trace.id});
 * the task and the governor's own context are under {@code task.*} and {@code task_governor.*}.
 * Times are ISO-8601 UTC, durations whole milliseconds ({@code *_ms}). Fields without a value are left out.
 */
public final class AuditDocument {
    /** The {@code event.dataset} of every document. */
    public static final String DATASET = "taskgovernor.audit";

    private AuditDocument() {}

    /**
     * @param cluster the governed cluster's URL (without credentials: URLs never carry them here)
     * @param dryRun  whether the deciding policy was in dry run
     */
    public static Map<String, Object> of(Decision d, URI cluster, boolean dryRun) {
        RunningTask task = d.task();
        DecisionDetail detail = d.detail();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", d.decidedAt().toString());
        doc.put("message", message(d));

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("kind", "event");
        event.put("dataset", DATASET);
        event.put("action", d.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        event.put("outcome", outcome(d.outcome()));
        put(event, "reason", d.reason());
        doc.put("event", event);

        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", d.rule());
        rule.put("max_runtime_ms", d.maxRuntime().toMillis());
        if (!detail.matched().isEmpty()) {
            rule.put("matched", new LinkedHashMap<>(detail.matched()));
        }
        doc.put("rule", rule);

        Map<String, Object> taskFields = new LinkedHashMap<>();
        taskFields.put("id", task.id());
        taskFields.put("action", task.action());
        put(taskFields, "node", task.nodeLabel());
        put(taskFields, "node_id", task.nodeId());
        put(taskFields, "type", task.type());
        put(taskFields, "parent_id", task.isChild() ? task.parentTaskId() : null);
        taskFields.put("start_time", java.time.Instant.ofEpochMilli(task.startTimeMillis()).toString());
        taskFields.put("running_time_ms", task.runningTimeMillis());
        put(taskFields, "opaque_id", task.opaqueId());
        if (detail.description() != null) {
            taskFields.put("description", detail.description().text());
            taskFields.put("description_bytes", detail.description().bytes());
            taskFields.put("description_truncated", detail.description().truncated());
        }
        doc.put("task", taskFields);

        if (d.traceId() != null) {
            doc.put("trace", Map.of("id", d.traceId()));
        }

        Map<String, Object> governor = new LinkedHashMap<>();
        Map<String, Object> policy = new LinkedHashMap<>();
        put(policy, "namespace", d.policy().namespace());
        policy.put("name", d.policy().name());
        governor.put("policy", policy);
        governor.put("cluster", cluster.toString());
        governor.put("dry_run", dryRun);
        governor.put("overshoot_ms", d.overshoot().toMillis());
        governor.put("outcome", d.outcome().name());
        doc.put("task_governor", governor);
        return doc;
    }

    /** ECS {@code event.outcome}: whether the governor's act succeeded; unknown when it sent nothing. */
    private static String outcome(Outcome outcome) {
        return switch (outcome) {
            case CANCELLED, CANCEL_REQUESTED -> "success";
            case FAILED -> "failure";
            case ALREADY_FINISHED, NOT_CANCELLABLE, DRY_RUN -> "unknown";
        };
    }

    private static String message(Decision d) {
        return d.outcome() + " task " + d.task().id() + " (" + d.task().action() + " on " + d.task().nodeLabel()
                + ") after " + d.task().runningTimeMillis() + " ms, over maxRuntime " + d.maxRuntime().toMillis()
                + " ms of rule " + d.rule() + " of policy " + d.policy();
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
