package io.taskgovernor.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a data stream name as Elasticsearch would before creating it (MetadataCreateIndexService's
 * index name rules, plus the data stream's own: no {@code .ds-} prefix), so that a bad name is an
 * invalid policy instead of every audit document being refused.
 */
public final class DataStreamName {
    private static final String FORBIDDEN = "\\/*?\"<>| ,#:";

    private DataStreamName() {}

    /** @return what is wrong with {@code name}, empty when Elasticsearch would accept it */
    public static List<String> problems(String name) {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            problems.add("is empty; e.g. logs-taskgovernor.audit-default");
            return problems;
        }
        String quoted = "\"" + name + "\"";
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            problems.add(quoted + " must be lower case");
        }
        for (char c : FORBIDDEN.toCharArray()) {
            if (name.indexOf(c) >= 0) {
                problems.add(quoted + " must not contain '" + c + "' (nor any of " + FORBIDDEN + ")");
                break;
            }
        }
        if (name.startsWith("-") || name.startsWith("_") || name.startsWith("+")) {
            problems.add(quoted + " must not start with '-', '_' or '+'");
        }
        if (name.equals(".") || name.equals("..")) {
            problems.add(quoted + " is not a name");
        }
        if (name.startsWith(".ds-")) {
            problems.add(quoted + " must not start with .ds- (the prefix of data streams' backing indices)");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            problems.add(quoted + " is longer than 255 bytes");
        }
        return problems;
    }
}
