package io.taskgovernor.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;

/**
 * Reads a spec without ever failing: a spec the ordinary reading refuses comes back empty, holding
 * its raw document. Step 1 of the lenient reading of a stored spec, explained in {@link TaskPolicySpec}.
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
