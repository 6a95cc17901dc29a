package io.taskgovernor.policy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.api.TaskPolicySpec;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds unknown fields and wrongly typed values anywhere in a manifest, by walking the YAML tree
 * beside the model's own Jackson properties, so new model fields are known without a list to keep.
 * Each offending value is reported and removed from the tree, so that what remains can still be
 * read and validated, and the author learns of every problem in one go.
 */
final class ManifestShapeChecker {
    /** Only reads the model's properties; parsing is the callers' business. */
    private static final ObjectMapper INTROSPECTION = new ObjectMapper();
    /**
     * The model's few classes, introspected once: Jackson's introspection is not cached and was most
     * of the time spent checking a manifest (profiled on the manifest fuzz properties).
     */
    private static final Map<JavaType, BeanShape> SHAPES = new ConcurrentHashMap<>();

    /** What a model class accepts: its deserializable properties, and whether it takes any other field. */
    private record BeanShape(List<BeanPropertyDefinition> properties, boolean openEnded) {
        static BeanShape of(JavaType type) {
            BeanDescription bean = INTROSPECTION.getDeserializationConfig().introspect(type);
            return new BeanShape(bean.findProperties().stream().filter(BeanPropertyDefinition::couldDeserialize).toList(),
                    bean.findAnySetterAccessor() != null);
        }
    }

    private final List<PolicyProblem> problems;

    ManifestShapeChecker(List<PolicyProblem> problems) {
        this.problems = problems;
    }

    /** Checks a whole TaskPolicy document, field paths from its root. */
    void checkManifest(JsonNode document) {
        check(document, INTROSPECTION.constructType(TaskPolicy.class), "");
    }

    /**
     * Checks a spec on its own, as stored in a TaskPolicy that could not be read: step 3 of the lenient
     * reading of a stored spec, explained in {@link TaskPolicySpec}.
     */
    void checkSpec(JsonNode spec) {
        check(spec, INTROSPECTION.constructType(TaskPolicySpec.class), "spec");
    }

    /** @return false when the value has the wrong type and must be dropped */
    private boolean check(JsonNode node, JavaType type, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return true;
        }
        Class<?> raw = type.getRawClass();
        if (raw == String.class) {
            return expect(node.isValueNode(), path, "expected a string, found " + describe(node));
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            if (!node.isIntegralNumber()) {
                return expect(false, path, "expected a whole number, found " + describe(node));
            }
            boolean fits = raw == Long.class || raw == long.class ? node.canConvertToLong() : node.canConvertToInt();
            return expect(fits, path, node.asText() + " is too large");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return expect(node.isBoolean(), path, "expected true or false, found " + describe(node));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            if (!expect(node.isArray(), path, "expected a list, found " + describe(node))) {
                return false;
            }
            for (int i = node.size() - 1; i >= 0; i--) {
                if (!check(node.get(i), type.getContentType(), path + "[" + i + "]")) {
                    ((ArrayNode) node).remove(i);
                }
            }
            return true;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!expect(node.isObject(), path, "expected a map, found " + describe(node))) {
                return false;
            }
            // The values too: the manifest's metadata and status are not bound (PolicyManifestParser), so nothing else
            // would say that a label's value is an object, which the API server refuses.
            Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                if (!check(entry.getValue(), type.getContentType(), path + "." + entry.getKey())) {
                    entries.remove();
                }
            }
            return true;
        }
        if (!raw.isPrimitive() && !raw.getName().startsWith("java.")) {
            return checkBean(node, type, path);
        }
        return true;
    }

    private boolean expect(boolean condition, String path, String message) {
        if (!condition) {
            problems.add(new PolicyProblem(path, message));
        }
        return condition;
    }

    private boolean checkBean(JsonNode node, JavaType type, String path) {
        if (!expect(node.isObject(), path, "expected an object with fields, found " + describe(node))) {
            return false;
        }
        BeanShape shape = SHAPES.computeIfAbsent(type, BeanShape::of);
        List<BeanPropertyDefinition> properties = shape.properties();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            Optional<BeanPropertyDefinition> property = properties.stream()
                    .filter(p -> p.getName().equals(field.getKey()))
                    .findFirst();
            if (property.isPresent()) {
                if (!check(field.getValue(), property.get().getPrimaryType(), at)) {
                    fields.remove();
                }
            } else if (!shape.openEnded()) {
                problems.add(new PolicyProblem(at, "unknown field" + suggestion(field.getKey(), properties)));
                fields.remove();
            }
        }
        return true;
    }

    private static String suggestion(String unknown, List<BeanPropertyDefinition> properties) {
        return properties.stream()
                .filter(BeanPropertyDefinition::couldDeserialize)
                .map(BeanPropertyDefinition::getName)
                .filter(name -> !"status".equals(name))
                .min(Comparator.comparingInt(name -> distance(unknown.toLowerCase(), name.toLowerCase())))
                .filter(name -> distance(unknown.toLowerCase(), name.toLowerCase()) <= Math.max(2, name.length() / 3))
                .map(name -> " (did you mean " + name + "?)")
                .orElse(" (known fields: " + String.join(", ", properties.stream()
                        .filter(BeanPropertyDefinition::couldDeserialize).map(BeanPropertyDefinition::getName)
                        .filter(n -> !"status".equals(n)).toList()) + ")");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        String text = node.asText();
        return (node.isTextual() ? "\"" + text + "\"" : text);
    }
}
