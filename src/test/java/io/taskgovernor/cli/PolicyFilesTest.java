package io.taskgovernor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFilesTest {
    @TempDir
    Path dir;

    private Path policy(String file, String name, String url) throws IOException {
        return Files.writeString(dir.resolve(file), """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: %s}
                spec:
                  elasticsearch: {url: "%s"}
                  rules:
                    - {name: r, actions: ["indices:data/read/search*"], maxRuntime: 1m}
                """.formatted(name, url));
    }

    @Test
    void twoPoliciesWithOneNameAreRefusedSinceRunTellsPoliciesApartByName() throws IOException {
        Path first = policy("a.yaml", "searches", "http://es-a:9200");
        Path second = policy("b.yaml", "searches", "http://es-b:9200");

        PolicyFiles.Loaded loaded = PolicyFiles.load(List.of(first, second));

        assertThat(loaded.valid()).isFalse();
        assertThat(loaded.problems()).containsExactly(second + "[doc 1] metadata.name: TaskPolicy searches is already "
                + "defined in " + first + "[doc 1]; give each policy its own name");
    }

    @Test
    void aClusterTaskPolicyIsReadBesideATaskPolicyOfTheSameName() throws IOException {
        Path task = policy("a.yaml", "searches", "http://es-a:9200");
        Path cluster = Files.writeString(dir.resolve("cluster.yaml"), """
                apiVersion: taskgovernor.io/v1alpha1
                kind: ClusterTaskPolicy
                metadata: {name: searches}
                spec:
                  elasticsearch: {url: "http://es-a:9200", credentialsSecret: es-governor}
                  rules:
                    - {name: r, actions: ["indices:data/read/search*"], maxRuntime: 5m}
                """);

        PolicyFiles.Loaded loaded = PolicyFiles.load(List.of(task, cluster));

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.policies()).extracting(p -> p.key().describe())
                .containsExactly("TaskPolicy searches", "ClusterTaskPolicy searches");
    }

    @Test
    void aClusterTaskPolicyIsValidatedLikeATaskPolicy() throws IOException {
        Path cluster = Files.writeString(dir.resolve("cluster.yaml"), """
                apiVersion: taskgovernor.io/v1alpha1
                kind: ClusterTaskPolicy
                metadata: {name: broken}
                spec:
                  elasticsearch: {url: "http://es-a:9200"}
                  rules:
                    - {name: r, actions: ["indices:data/read/search*"], maxRuntime: soon}
                """);

        PolicyFiles.Loaded loaded = PolicyFiles.load(List.of(cluster));

        assertThat(loaded.problems()).singleElement().asString().startsWith(cluster + "[doc 1] spec.rules[0].maxRuntime");
    }

    @Test
    void selectEndsTheCommandOnProblemsOrWhenEveryPolicyIsSuspendedAndOtherwiseGivesTheActiveOnes() throws IOException {
        Path good = policy("a.yaml", "searches", "http://es-a:9200");
        Path suspended = Files.writeString(dir.resolve("s.yaml"),
                Files.readString(good).replace("metadata: {name: searches}", "metadata: {name: paused}")
                        .replace("spec:\n", "spec:\n  suspend: true\n"));
        Path broken = Files.writeString(dir.resolve("b.yaml"),
                Files.readString(good).replace("maxRuntime: 1m", "maxRuntime: 5 minutes").replace("searches", "broken"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);

        PolicyFiles.Selection invalid = PolicyFiles.select(List.of(good, broken), false, err, "explain");
        assertThat(invalid.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(invalid.active()).isEmpty();
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(broken + "[doc 1]").contains("maxRuntime");

        bytes.reset();
        PolicyFiles.Selection none = PolicyFiles.select(List.of(suspended), false, err, "explain");
        assertThat(none.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("policy paused is suspended: skipped")
                .contains("every policy is suspended: nothing to explain");

        bytes.reset();
        PolicyFiles.Selection active = PolicyFiles.select(List.of(good, suspended), true, err, "do");
        assertThat(active.exitCode()).isNull();
        assertThat(active.active()).singleElement().satisfies(p -> {
            assertThat(p.key().describe()).isEqualTo("TaskPolicy searches");
            assertThat(p.dryRun()).as("--dry-run applies to every active policy").isTrue();
        });
    }
}
