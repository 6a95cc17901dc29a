package io.taskgovernor.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;

/**
 * Reads a spec without ever failing. A spec Jackson cannot read (a wrong type, an unknown field,
 * possible where the CRD's schema is not enforced) would otherwise fail the informer, and JOSDK
 * stops the whole operator on that: one bad policy would take every good one down. Instead the
 * spec comes back empty, holding the raw document, and validation reports what is wrong with it.
 */
final class LenientSpecDeserializer extends JsonDeserializer<TaskPolicySpec> {
    /** Reads the spec the ordinary way; the mix-in switches this deserializer off for it. */
    private static final ObjectMapper STRICT = new ObjectMapper().addMixIn(TaskPolicySpec.class, Ordinary.class);

    @JsonDeserialize
    private abstract static class Ordinary {}

    @Override
    public TaskPolicySpec deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode raw = parser.readValueAsTree();
        try {
            return STRICT.treeToValue(raw, TaskPolicySpec.class);
        } catch (IOException e) {
            TaskPolicySpec unreadable = new TaskPolicySpec();
            unreadable.setUnreadable(raw);
            return unreadable;
        }
    }
}
