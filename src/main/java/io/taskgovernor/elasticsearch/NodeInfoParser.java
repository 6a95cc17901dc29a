package io.taskgovernor.elasticsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the node ids out of a {@code GET _nodes/<spec>/_none} answer filtered to
 * {@code nodes.*.name,_nodes.failures.node_id}, e.g.
 * {@code {"_nodes":{"failures":[{"node_id":"b"}]},"nodes":{"a":{"name":"es-0"}}}}; a spec that
 * matches no node comes back as {@code {}} (filter_path drops the empty {@code nodes} object).
 */
final class NodeInfoParser {
    private static final JsonFactory FACTORY = new JsonFactory();

    private NodeInfoParser() {}

    /**
     * @return the ids of the nodes that answered, then of the nodes the spec selected that failed to
     *         answer (they are selected all the same: Elasticsearch resolved the spec before asking them)
     */
    static Set<String> nodeIds(InputStream in) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        try (JsonParser p = FACTORY.createParser(in)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("nodes".equals(field)) {
                    expect(p, value, JsonToken.START_OBJECT);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        ids.add(p.currentName());
                        p.nextToken();
                        p.skipChildren();
                    }
                } else if ("_nodes".equals(field)) {
                    expect(p, value, JsonToken.START_OBJECT);
                    readFailures(p, ids);
                } else {
                    p.skipChildren();
                }
            }
        }
        return ids;
    }

    private static void readFailures(JsonParser p, Set<String> ids) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (!"failures".equals(field)) {
                p.skipChildren();
                continue;
            }
            expect(p, value, JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if ("node_id".equals(name) && p.currentToken() == JsonToken.VALUE_STRING) {
                        ids.add(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "expected " + expected + " but found " + actual);
        }
    }
}
