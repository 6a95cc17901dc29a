package io.taskgovernor.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.taskgovernor.api.ClusterTaskPolicy;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.api.TaskPolicySpec;
import io.taskgovernor.api.TaskPolicyStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads TaskPolicy and ClusterTaskPolicy manifests from YAML text (one or many documents). Documents
 * of other kinds are skipped, so a whole GitOps directory can be validated.
 */
public final class PolicyManifestParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private PolicyManifestParser() {}

    /**
     * Loads and initializes what a first {@link #parse} needs before any file is read: the YAML parser and the
     * mapper's reader for a spec (the spec's own lenient deserializer; the model's bean deserializers are still built
     * at the first parse), so that a caller can have it done on another thread while it reads files. Thread-safe,
     * idempotent, no I/O beyond loading classes.
     */
    public static void prepare() {
        YAML.readerFor(TaskPolicySpec.class);
    }

    public static List<ParsedManifest> parse(String source, String text) {
        List<ParsedManifest> manifests = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (true) {
                JsonNode document;
                try {
                    if (!documents.hasNextValue()) {
                        break;
                    }
                    document = documents.nextValue();
                } catch (JsonProcessingException e) {
                    manifests.add(new ParsedManifest(source, index, null, List.of(syntaxProblem(e)), null));
                    break;
                }
                if (document != null && !document.isNull() && !document.isMissingNode()
                        && !(document.isObject() && document.isEmpty())) {
                    manifests.add(read(source, index, document));
                }
                index++;
            }
        } catch (IOException e) {
            manifests.add(new ParsedManifest(source, index, null,
                    List.of(new PolicyProblem("(document)", "cannot be read: " + e.getMessage())), null));
        }
        return manifests;
    }

    private static ParsedManifest read(String source, int index, JsonNode document) {
        if (!document.isObject()) {
            return new ParsedManifest(source, index, null,
                    List.of(new PolicyProblem("(document)", "expected a Kubernetes object, found a " + document.getNodeType())), null);
        }
        String kind = document.path("kind").asText(null);
        String apiVersion = document.path("apiVersion").asText(null);
        Supplier<CustomResource<TaskPolicySpec, TaskPolicyStatus>> kindOf = TaskPolicy.KIND.equals(kind)
                ? TaskPolicy::new : ClusterTaskPolicy.KIND.equals(kind) ? ClusterTaskPolicy::new : null;
        if (kindOf == null) {
            return new ParsedManifest(source, index, null, List.of(), (kind == null ? "(no kind)" : kind)
                    + (document.path("metadata").has("name") ? " " + document.path("metadata").path("name").asText() : ""));
        }
        List<PolicyProblem> problems = new ArrayList<>();
        if (!TaskPolicy.API_VERSION.equals(apiVersion)) {
            problems.add(new PolicyProblem("apiVersion", "\"" + apiVersion + "\" is not served; use " + TaskPolicy.API_VERSION));
        }
        new ManifestShapeChecker(problems).checkManifest(document);
        try {
            // What is left after dropping the offending values is still validated, for the other problems.
            CustomResource<TaskPolicySpec, TaskPolicyStatus> policy = kindOf.get();
            policy.setMetadata(metadata(document.path("metadata")));
            JsonNode spec = document.get("spec");
            policy.setSpec(spec == null || spec.isNull() ? null : YAML.treeToValue(spec, TaskPolicySpec.class));
            return new ParsedManifest(source, index, policy, problems, null);
        } catch (JsonProcessingException e) {
            return new ParsedManifest(source, index, null,
                    append(problems, new PolicyProblem("(document)", e.getOriginalMessage())), null);
        }
    }

    /**
     * The policy's name and namespace, all that is read of a manifest's metadata (its key, {@link PolicyKey}). Copied
     * by hand: binding fabric8's ObjectMeta with Jackson built deserializers for it and its nested types, about a
     * fifth of a cold {@code run --once} before its list call (README, "Cold start"). The shape checker has already
     * dropped values of the wrong type.
     */
    private static ObjectMeta metadata(JsonNode metadata) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(text(metadata.path("name")));
        meta.setNamespace(text(metadata.path("namespace")));
        return meta;
    }

    private static String text(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static List<PolicyProblem> append(List<PolicyProblem> problems, PolicyProblem problem) {
        List<PolicyProblem> all = new ArrayList<>(problems);
        all.add(problem);
        return all;
    }

    private static PolicyProblem syntaxProblem(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null ? "(document)" : "line " + location.getLineNr();
        return new PolicyProblem(where, "YAML syntax error: " + e.getOriginalMessage());
    }
}
