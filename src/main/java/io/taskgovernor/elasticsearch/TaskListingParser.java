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
                        String nodeKey = p.currentName();
                        expect(p, p.nextToken(), JsonToken.START_OBJECT);
                        readNode(p, nodeKey, tasks);
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

    private static void readNode(JsonParser p, String nodeKey, List<RunningTask> tasks) throws IOException {
        String nodeName = null;
        List<String> keys = null;
        List<TaskFields> pending = null;
        RepeatedValues values = new RepeatedValues(nodeKey);
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
                    TaskFields fields = readTask(p, values);
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

    /**
     * The values a node's tasks repeat (its id, a few types and actions), each kept as one String: read
     * from the parser's buffer without a new String when seen before. 100k tasks held three copies each.
     */
    private static final class RepeatedValues {
        private static final int KEPT = 32;
        private final String[] kept = new String[KEPT];
        private int size;

        RepeatedValues(String nodeKey) {
            kept[size++] = nodeKey;
        }

        String text(JsonParser p) throws IOException {
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            int length = p.getTextLength();
            for (int i = 0; i < size; i++) {
                String candidate = kept[i];
                if (candidate.length() == length && sameChars(candidate, chars, offset)) {
                    return candidate;
                }
            }
            String text = new String(chars, offset, length);
            if (size < KEPT) {
                kept[size++] = text;
            }
            return text;
        }

        private static boolean sameChars(String candidate, char[] chars, int offset) {
            for (int i = candidate.length() - 1; i >= 0; i--) {
                if (candidate.charAt(i) != chars[offset + i]) {
                    return false;
                }
            }
            return true;
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

    private static TaskFields readTask(JsonParser p, RepeatedValues values) throws IOException {
        TaskFields t = new TaskFields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "node" -> t.node = values.text(p);
                case "type" -> t.type = values.text(p);
                case "action" -> t.action = values.text(p);
                case "description" -> t.description = value == JsonToken.VALUE_NULL ? null : p.getText();
                case "start_time_in_millis" -> t.start = p.getLongValue();
                case "running_time_in_nanos" -> t.running = p.getLongValue();
                case "cancellable" -> t.cancellable = value == JsonToken.VALUE_TRUE;
                case "cancelled" -> t.cancelled = value == JsonToken.VALUE_TRUE;
                case "parent_task_id" -> t.parent = value == JsonToken.VALUE_NULL ? null : p.getText();
                case "headers" -> t.headers = readHeaders(p, value);
                default -> p.skipChildren();
            }
        }
        return t;
    }

    /** Most tasks carry one header or none: built as the immutable map RunningTask keeps, without a HashMap first. */
    private static Map<String, String> readHeaders(JsonParser p, JsonToken value) throws IOException {
        expect(p, value, JsonToken.START_OBJECT);
        String firstName = null;
        String firstValue = null;
        Map<String, String> more = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (firstName == null) {
                firstName = name;
                firstValue = p.getText();
            } else {
                if (more == null) {
                    more = new HashMap<>(4);
                    more.put(firstName, firstValue);
                }
                more.put(name, p.getText());
            }
        }
        return more != null ? more : firstName == null ? Map.of() : Map.of(firstName, firstValue);
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
