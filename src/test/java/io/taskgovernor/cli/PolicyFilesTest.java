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
}
