package io.taskgovernor.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The physical floor: one pass of Jackson's streaming parser over the list answer, reading the
 * fields the governor needs (task key, node name, node, type, action, start time, running time,
 * cancellable, cancelled, parent, X-Opaque-Id) into a sink, allocating nothing else.
 */
final class BareTasksParse {
    interface Sink {
        void task(String key, String nodeName, String node, String type, String action, long startMillis,
                  long runningNanos, boolean cancellable, boolean cancelled, String parent, String opaqueId);
    }

    private BareTasksParse() {}

    static int parse(JsonFactory factory, byte[] bytes, Sink sink) throws IOException {
        int tasks = 0;
        try (JsonParser p = factory.createParser(bytes)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!"nodes".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) { // node id
                    expect(p.nextToken(), JsonToken.START_OBJECT);
                    String nodeName = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String nodeField = p.currentName();
                        JsonToken value = p.nextToken();
                        if ("name".equals(nodeField)) {
                            nodeName = p.getText();
                        } else if ("tasks".equals(nodeField) && value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String key = p.currentName();
                                expect(p.nextToken(), JsonToken.START_OBJECT);
                                String node = null, type = null, action = null, parent = null, opaqueId = null;
                                long start = 0, running = 0;
                                boolean cancellable = false, cancelled = false;
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String f = p.currentName();
                                    JsonToken t = p.nextToken();
                                    switch (f) {
                                        case "node" -> node = p.getText();
                                        case "type" -> type = p.getText();
                                        case "action" -> action = p.getText();
                                        case "start_time_in_millis" -> start = p.getLongValue();
                                        case "running_time_in_nanos" -> running = p.getLongValue();
                                        case "cancellable" -> cancellable = t == JsonToken.VALUE_TRUE;
                                        case "cancelled" -> cancelled = t == JsonToken.VALUE_TRUE;
                                        case "parent_task_id" -> parent = p.getText();
                                        case "headers" -> {
                                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                                String h = p.currentName();
                                                p.nextToken();
                                                if ("X-Opaque-Id".equals(h)) {
                                                    opaqueId = p.getText();
                                                }
                                            }
                                        }
                                        default -> p.skipChildren();
                                    }
                                }
                                sink.task(key, nodeName, node, type, action, start, running, cancellable, cancelled,
                                        parent, opaqueId);
                                tasks++;
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
        }
        return tasks;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", got " + actual);
        }
    }
}
