package io.taskgovernor.elasticsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code GET _tasks?group_by=nodes} answer, or a {@code POST _tasks/<id>/_cancel} answer (the
 * same shape), straight into a {@link TaskListing} with Jackson's streaming parser: the same result as the official client's mapping (TaskListingMapper in the tests),
 * without building the client's intermediate objects. Unknown fields are skipped.
 */
public final class TaskListingParser {
    // Each task is a field named by its id, unique in the answer: interned, 100k of them filled the JVM's
    // string table and cost a cold CLI run about 0.1 s of CPU (README, "Cold start"). Nothing here compares
    // names by identity.
    private static final JsonFactory FACTORY = new JsonFactory().disable(JsonFactory.Feature.INTERN_FIELD_NAMES);

    private TaskListingParser() {}

    public static TaskListing parse(byte[] bytes, Instant observedAt) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            return parse(p, observedAt);
        }
    }

    public static TaskListing parse(InputStream in, Instant observedAt) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            return parse(p, observedAt);
        }
    }

    private static TaskListing parse(JsonParser p, Instant observedAt) throws IOException {
        List<RunningTask> tasks = new ArrayList<>();
        List<NodeFailure> failures = new ArrayList<>();
        List<NodeFailure> taskFailures = new ArrayList<>();
        expect(p, p.nextToken(), JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "nodes" -> {
                    expect(p, value, JsonToken.START_OBJECT);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        expect(p, p.nextToken(), JsonToken.START_OBJECT);
                        readNode(p, tasks);
                    }
                }
                case "node_failures" -> {
                    expect(p, value, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        failures.add(readNodeFailure(p));
                    }
                }
                case "task_failures" -> {
                    expect(p, value, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        taskFailures.add(readTaskFailure(p));
                    }
                }
                default -> p.skipChildren();
            }
        }
        failures.addAll(taskFailures);
        return new TaskListing(observedAt, tasks, failures);
    }

    private static void readNode(JsonParser p, List<RunningTask> tasks) throws IOException {
        String nodeName = null;
        List<String> keys = null;
        List<TaskFields> pending = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("name".equals(field)) {
                nodeName = p.getText();
                if (pending != null) { // tasks came before the name: build them now
                    for (int i = 0; i < pending.size(); i++) {
                        tasks.add(pending.get(i).toTask(keys.get(i), nodeName));
                    }
                    pending = null;
                }
            } else if ("tasks".equals(field) && value == JsonToken.START_OBJECT) {
                boolean nameKnown = nodeName != null;
                if (!nameKnown) {
                    keys = new ArrayList<>();
                    pending = new ArrayList<>();
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    expect(p, p.nextToken(), JsonToken.START_OBJECT);
                    TaskFields fields = readTask(p);
                    if (nameKnown) {
                        tasks.add(fields.toTask(key, nodeName));
                    } else {
                        keys.add(key);
                        pending.add(fields);
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (pending != null) {
            for (int i = 0; i < pending.size(); i++) {
                tasks.add(pending.get(i).toTask(keys.get(i), null));
            }
        }
    }

    private static final class TaskFields {
        String node, type, action, description, parent;
        long start, running;
        boolean cancellable, cancelled;
        Map<String, String> headers;

        RunningTask toTask(String key, String nodeName) {
            return new RunningTask(key, node, nodeName, action, type, description, start, running, cancellable,
                    cancelled, parent, headers);
        }
    }

    private static TaskFields readTask(JsonParser p) throws IOException {
        TaskFields t = new TaskFields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "node" -> t.node = p.getText();
                case "type" -> t.type = p.getText();
                case "action" -> t.action = p.getText();
                case "description" -> t.description = value == JsonToken.VALUE_NULL ? null : p.getText();
                case "start_time_in_millis" -> t.start = p.getLongValue();
                case "running_time_in_nanos" -> t.running = p.getLongValue();
                case "cancellable" -> t.cancellable = value == JsonToken.VALUE_TRUE;
                case "cancelled" -> t.cancelled = value == JsonToken.VALUE_TRUE;
                case "parent_task_id" -> t.parent = value == JsonToken.VALUE_NULL ? null : p.getText();
                case "headers" -> {
                    expect(p, value, JsonToken.START_OBJECT);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        if (t.headers == null) {
                            t.headers = new HashMap<>(2);
                        }
                        t.headers.put(name, p.getText());
                    }
                }
                default -> p.skipChildren();
            }
        }
        return t;
    }

    /** An ErrorCause: type, reason, node_id, caused_by.type and .reason; mapped as TaskListingMapper in the tests does. */
    private static NodeFailure readNodeFailure(JsonParser p) throws IOException {
        String type = null, reason = null, nodeId = null, causedByType = null, causedByReason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "type" -> type = p.getText();
                case "reason" -> reason = value == JsonToken.VALUE_NULL ? null : p.getText();
                case "node_id" -> nodeId = p.getText();
                case "caused_by" -> {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken v = p.nextToken();
                        if ("reason".equals(f) && v != JsonToken.VALUE_NULL) {
                            causedByReason = p.getText();
                        } else if ("type".equals(f) && v == JsonToken.VALUE_STRING) {
                            causedByType = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (causedByReason != null) {
            reason = (reason == null ? "" : reason + ": ") + causedByReason;
        }
        return new NodeFailure(nodeId, type, reason, causedByType);
    }

    /** A TaskFailure: node_id and reason {type, reason}. */
    private static NodeFailure readTaskFailure(JsonParser p) throws IOException {
        String nodeId = null, type = null, reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("node_id".equals(field)) {
                nodeId = p.getText();
            } else if ("reason".equals(field) && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("type".equals(f)) {
                        type = p.getText();
                    } else if ("reason".equals(f) && v != JsonToken.VALUE_NULL) {
                        reason = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return new NodeFailure(nodeId, type, reason);
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "expected " + expected + ", got " + actual);
        }
    }
}
