package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PolicyManifestParserTest {
    private static final String POLICY = """
            apiVersion: taskgovernor.io/v1alpha1
            kind: TaskPolicy
            metadata: {name: %s}
            spec:
              elasticsearch: {url: "http://es:9200"}
              rules:
                - {name: a, actions: ["*"], maxRuntime: 1m}
            """;

    @Test
    void readsEveryDocumentOfAMultiDocumentFileAndSkipsOtherKinds() {
        List<ParsedManifest> manifests = PolicyManifestParser.parse("f.yaml",
                POLICY.formatted("one") + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n---\n"
                        + POLICY.formatted("two"));

        assertThat(manifests).hasSize(3);
        assertThat(manifests.get(0).policy().getMetadata().getName()).isEqualTo("one");
        assertThat(manifests.get(1).skipped()).isTrue();
        assertThat(manifests.get(1).skipReason()).isEqualTo("Deployment web");
        assertThat(manifests.get(2).policy().getMetadata().getName()).isEqualTo("two");
        assertThat(manifests.get(2).documentIndex()).isEqualTo(3);
        assertThat(manifests).allSatisfy(m -> assertThat(m.problems()).isEmpty());
    }

    @Test
    void unknownFieldsAnywhereAreNamedWithTheNearestKnownOne() {
        List<ParsedManifest> manifests = PolicyManifestParser.parse("f.yaml", POLICY.formatted("x")
                .replace("maxRuntime: 1m", "maxRunTime: 1m")
                .replace("spec:\n", "spec:\n  intervall: 5s\n  bogus: 1\n"));

        assertThat(manifests.get(0).problems()).extracting(PolicyProblem::toString).containsExactlyInAnyOrder(
                "spec.intervall: unknown field (did you mean interval?)",
                "spec.bogus: unknown field (known fields: elasticsearch, interval, dryRun, suspend, rules, cancellation, audit)",
                "spec.rules[0].maxRunTime: unknown field (did you mean maxRuntime?)");
    }

    @Test
    void wrongTypesAreProblemsWithTheirPathNotExceptions() {
        List<ParsedManifest> manifests = PolicyManifestParser.parse("f.yaml", POLICY.formatted("x")
                .replace("actions: [\"*\"]", "actions: \"*\"")
                .replace("spec:\n", "spec:\n  dryRun: maybe\n  cancellation: {maxPerRun: lots}\n  rules2: []\n"));

        assertThat(manifests.get(0).problems()).extracting(PolicyProblem::path).contains(
                "spec.dryRun", "spec.cancellation.maxPerRun", "spec.rules[0].actions", "spec.rules2");
        assertThat(manifests.get(0).problems()).anySatisfy(p ->
                assertThat(p.toString()).isEqualTo("spec.cancellation.maxPerRun: expected a whole number, found \"lots\""));
        assertThat(manifests.get(0).policy()).as("the rest is still read, to be validated too").isNotNull();
    }

    /** What {@code kubectl get -o yaml} prints: the name and namespace are read, the rest of the metadata and the status are not needed. */
    @Test
    void readsNameAndNamespaceFromAServerWrittenManifest() {
        List<ParsedManifest> manifests = PolicyManifestParser.parse("f.yaml", POLICY.formatted("x").replace("metadata: {name: x}", """
                metadata:
                  name: slow-searches
                  namespace: search
                  labels: {team: search}
                  annotations: {kubectl.kubernetes.io/last-applied-configuration: "{}"}
                  generation: 3
                  resourceVersion: "1234"
                  creationTimestamp: "2026-11-30T10:00:00Z"
                  managedFields: [{manager: kubectl, operation: Apply}]
                """) + """
                status:
                  observedGeneration: 3
                  conditions: [{type: Ready, status: "True", reason: Governing}]
                """);

        assertThat(manifests).singleElement().satisfies(m -> {
            assertThat(m.problems()).isEmpty();
            assertThat(m.policy().getMetadata().getName()).isEqualTo("slow-searches");
            assertThat(m.policy().getMetadata().getNamespace()).isEqualTo("search");
            assertThat(m.policy().getSpec().getRules()).hasSize(1);
        });
    }

    /** What the API server would refuse is a problem with its path, inside maps too, though only the name and namespace are read. */
    @Test
    void wrongTypesInMetadataAndStatusMapsAreProblems() {
        List<ParsedManifest> manifests = PolicyManifestParser.parse("f.yaml", POLICY.formatted("x").replace("metadata: {name: x}",
                "metadata: {name: x, labels: {team: {a: b}, ok: v}, annotations: {n: [1]}, generation: 99999999999999999999}")
                + "status: {decisionsByOutcome: {cancelled: lots}, decisionsTotal: 99999999999999999999}\n");

        assertThat(manifests.get(0).problems()).extracting(PolicyProblem::toString).containsExactlyInAnyOrder(
                "metadata.labels.team: expected a string, found an object",
                "metadata.annotations.n: expected a string, found a list",
                "metadata.generation: 99999999999999999999 is too large",
                "status.decisionsByOutcome.cancelled: expected a whole number, found \"lots\"",
                "status.decisionsTotal: 99999999999999999999 is too large");
        assertThat(manifests.get(0).policy().getMetadata().getName()).isEqualTo("x");
    }

    @Test
    void aNullNamespaceIsNoNamespaceAndANumberIsAName() {
        ParsedManifest manifest = PolicyManifestParser.parse("f.yaml",
                POLICY.formatted("x").replace("metadata: {name: x}", "metadata: {name: 42, namespace: ~}")).get(0);

        assertThat(manifest.problems()).isEmpty();
        assertThat(manifest.policy().getMetadata().getName()).isEqualTo("42");
        assertThat(manifest.policy().getMetadata().getNamespace()).isNull();
    }

    @Test
    void aMissingSpecIsReadAsNoSpec() {
        ParsedManifest manifest = PolicyManifestParser.parse("f.yaml",
                "apiVersion: taskgovernor.io/v1alpha1\nkind: ClusterTaskPolicy\nmetadata: {name: x}\n").get(0);

        assertThat(manifest.policy()).isInstanceOf(io.taskgovernor.api.ClusterTaskPolicy.class);
        assertThat(manifest.policy().getSpec()).isNull();
    }

    @Test
    void aSyntaxErrorNamesItsLine() {
        List<ParsedManifest> manifests = PolicyManifestParser.parse("f.yaml", "apiVersion: v1\nkind: [unclosed\nmetadata: {}\n");

        assertThat(manifests).singleElement().satisfies(m ->
                assertThat(m.problems()).singleElement().satisfies(p -> {
                    assertThat(p.path()).startsWith("line ");
                    assertThat(p.message()).startsWith("YAML syntax error");
                }));
    }

    @Test
    void aTaskPolicyOfAnotherVersionIsAProblem() {
        List<ParsedManifest> manifests = PolicyManifestParser.parse("f.yaml",
                POLICY.formatted("x").replace("v1alpha1", "v2"));

        assertThat(manifests.get(0).problems()).extracting(PolicyProblem::path).containsExactly("apiVersion");
    }

    @Test
    void everyExampleParsesAndCompiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            List<Path> examples = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
            for (Path example : examples) {
                for (ParsedManifest manifest : PolicyManifestParser.parse(example.toString(), Files.readString(example))) {
                    assertThat(manifest.problems()).as(example.toString()).isEmpty();
                    try {
                        PolicyCompiler.compile(manifest.policy());
                    } catch (InvalidPolicyException e) {
                        throw new AssertionError(example + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }
}
