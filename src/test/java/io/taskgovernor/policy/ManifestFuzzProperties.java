package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzed manifests through parsing and validation (what `validate` and the operator run): whatever
 * the input, no exception escapes, and a manifest broken on purpose is reported with a field path.
 */
class ManifestFuzzProperties {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A change that always makes a valid manifest invalid. */
    record Breakage(String path, Object value) {}

    private static final List<String> PATHS = List.of(
            "spec", "spec.elasticsearch", "spec.elasticsearch.url", "spec.elasticsearch.requestTimeout",
            "spec.elasticsearch.credentialsSecret", "spec.elasticsearch.caSecret", "spec.interval", "spec.dryRun",
            "spec.rules", "spec.rules[0]", "spec.rules[0].name", "spec.rules[0].actions", "spec.rules[0].actions[0]",
            "spec.rules[0].maxRuntime", "spec.rules[0].nodes", "spec.rules[0].opaqueIds", "spec.cancellation",
            "spec.cancellation.maxPerRun", "spec.cancellation.waitTimeout", "spec.cancellation.waitForCompletion",
            "metadata.name", "spec.unknownField", "spec.rules[0].maxRunTime");

    private static Map<String, Object> validManifest() {
        Map<String, Object> rule = new LinkedHashMap<>(Map.of("name", "searches",
                "actions", new ArrayList<>(List.of("indices:data/read/search*")), "maxRuntime", "2m"));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("elasticsearch", new LinkedHashMap<>(Map.of("url", "http://es:9200")));
        spec.put("rules", new ArrayList<>(List.of(rule)));
        spec.put("cancellation", new LinkedHashMap<>(Map.of("maxPerRun", 5)));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("apiVersion", "taskgovernor.io/v1alpha1");
        manifest.put("kind", "TaskPolicy");
        manifest.put("metadata", new LinkedHashMap<>(Map.of("name", "fuzzed")));
        manifest.put("spec", spec);
        return manifest;
    }

    @Property(tries = 3000)
    void anyMutationIsReportedNeverThrown(@ForAll("mutations") @Size(min = 1, max = 4) List<Breakage> mutations) throws Exception {
        Map<String, Object> manifest = validManifest();
        for (Breakage mutation : mutations) {
            set(manifest, mutation.path(), mutation.value());
        }
        String yaml = YAML.writeValueAsString(manifest);

        List<PolicyProblem> problems = problemsOf(yaml);

        for (PolicyProblem problem : problems) {
            assertThat(problem.path()).isNotBlank();
            assertThat(problem.message()).isNotBlank().hasSizeLessThan(2_000);
        }
    }

    @Property(tries = 2000)
    void deliberateBreakagesAreAlwaysReported(@ForAll("breakages") @Size(min = 1, max = 3) List<Breakage> breakages)
            throws Exception {
        Map<String, Object> manifest = validManifest();
        for (Breakage breakage : breakages) {
            set(manifest, breakage.path(), breakage.value());
        }

        assertThat(problemsOf(YAML.writeValueAsString(manifest))).isNotEmpty();
    }

    @Property(tries = 2000)
    void garbageTextNeverThrows(@ForAll("garbage") String text) {
        problemsOf(text);
    }

    private static List<PolicyProblem> problemsOf(String yaml) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (ParsedManifest manifest : PolicyManifestParser.parse("fuzz.yaml", yaml)) {
            problems.addAll(manifest.problems());
            if (manifest.policy() != null) {
                try {
                    PolicyCompiler.compile(manifest.policy());
                } catch (InvalidPolicyException e) {
                    problems.addAll(e.problems());
                }
            }
        }
        return problems;
    }

    @Provide
    Arbitrary<List<Breakage>> mutations() {
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just((Object) null),
                Arbitraries.of("", " ", "0s", "-5s", "99999999999999999999d", "PT-1S", "*", ",", "a b", "http://",
                        "ftp://x", "http://u:p@x:9200").map(s -> (Object) s),
                Arbitraries.just((Object) new java.math.BigInteger("123456789012345678901234567890")),
                Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.just((Object) Map.of("nested", Map.of("deeper", List.of(1, 2)))));
        return Combinators.combine(Arbitraries.of(PATHS), values).as(Breakage::new).list();
    }

    @Provide
    Arbitrary<List<Breakage>> breakages() {
        return Arbitraries.of(
                new Breakage("spec.rules[0].maxRuntime", "0s"),
                new Breakage("spec.rules[0].maxRuntime", "-5s"),
                new Breakage("spec.rules[0].maxRuntime", "5 minutes"),
                new Breakage("spec.rules[0].maxRuntime", ""),
                new Breakage("spec.rules[0].actions", List.of()),
                new Breakage("spec.rules[0].actions[0]", ""),
                new Breakage("spec.rules[0].actions[0]", "a,b"),
                new Breakage("spec.rules[0].name", ""),
                new Breakage("spec.rules", List.of()),
                new Breakage("spec.rules", enormousRuleList()),
                new Breakage("spec.elasticsearch.url", "ftp://es"),
                new Breakage("spec.elasticsearch.url", ""),
                new Breakage("spec.elasticsearch", null),
                new Breakage("spec.interval", "0ms"),
                new Breakage("spec.interval", 12),
                new Breakage("spec.cancellation.maxPerRun", 0),
                new Breakage("spec.cancellation.maxPerRun", 99_999_999_999L),
                new Breakage("spec.cancellation.maxPerRun", "lots"),
                new Breakage("spec.unknownField", "x"),
                new Breakage("spec.rules[0].maxRunTime", "5m"),
                new Breakage("spec.dryRun", "maybe"),
                new Breakage("metadata.name", "")).list();
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("{}[]:-,'\"\n #&*!|>%@`abc").ofMaxLength(200),
                Arbitraries.strings().withChars(":- \nkindspecTaskPolicy").ofMaxLength(300)
                        .map(s -> "apiVersion: taskgovernor.io/v1alpha1\nkind: TaskPolicy\n" + s));
    }

    private static List<Object> enormousRuleList() {
        List<Object> rules = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rules.add(Map.of("name", "r" + i, "actions", List.of("*"), "maxRuntime", "1m"));
        }
        return rules;
    }

    /** Sets a value at a simple path (a.b[0].c), creating maps on the way; a list index out of range is ignored. */
    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> root, String path, Object value) {
        String[] parts = path.split("\\.");
        Object current = root;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            String part = parts[i];
            int index = -1;
            if (part.endsWith("]")) {
                index = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
                part = part.substring(0, part.indexOf('['));
            }
            if (!(current instanceof Map)) {
                return;
            }
            Map<String, Object> map = (Map<String, Object>) current;
            if (index < 0) {
                if (last) {
                    map.put(part, value);
                    return;
                }
                Object next = map.get(part);
                next = next instanceof Map ? new LinkedHashMap<>((Map<String, Object>) next) : next == null ? new LinkedHashMap<>() : next;
                map.put(part, next);
                current = next;
                continue;
            }
            Object list = map.get(part);
            if (!(list instanceof List) || ((List<Object>) list).size() <= index) {
                return;
            }
            List<Object> items = new ArrayList<>((List<Object>) list);
            map.put(part, items);
            if (last) {
                items.set(index, value);
                return;
            }
            Object item = items.get(index);
            if (item instanceof Map) {
                item = new LinkedHashMap<>((Map<String, Object>) item);
                items.set(index, item);
            }
            current = item;
        }
    }
}
