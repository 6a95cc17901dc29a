package io.taskgovernor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** validate -o json on a whole folder: one object, the same exit codes as the table. */
class ValidateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int validate(String... args) {
        ValidateCommand command = new ValidateCommand();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Test
    void theExamplesFolderIsValidWithEveryPolicyListed() throws Exception {
        assertThat(validate("-f", "examples", "-o", "json")).isZero();

        JsonNode report = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(report.path("valid").asBoolean()).isTrue();
        assertThat(report.path("policies").size()).isGreaterThanOrEqualTo(4);
        assertThat(report.path("policies").get(0).path("rules").asInt()).isPositive();
        assertThat(report.path("problems")).isEmpty();
    }

    @Test
    void aFolderWithABrokenPolicyAndAnotherKindNamesTheProblemAndTheSkippedDocument() throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: unrelated}
                ---
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: broken}
                spec:
                  elasticsearch: {url: "http://es:9200"}
                  rules: [{name: r, actions: ["*"], maxRuntime: "5 minutes"}]
                """);

        assertThat(validate("-f", dir.toString(), "-o", "json")).isEqualTo(ExitCode.INVALID_INPUT);

        JsonNode report = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(report.path("valid").asBoolean()).isFalse();
        assertThat(report.path("problems").get(0).asText()).contains("broken.yaml[doc 2]")
                .contains("spec.rules[0].maxRuntime: \"5 minutes\" is not a duration");
        assertThat(report.path("skipped").get(0).asText()).contains("broken.yaml[doc 1]");
    }

    @Test
    void acceptsTheClusterTaskPolicyExample() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ValidateCommand validate = new ValidateCommand();
        validate.paths = List.of(Path.of("examples", "cluster-guardrail.yaml"));
        validate.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        validate.err = new PrintStream(err, true, StandardCharsets.UTF_8);

        int exit = validate.call();

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(exit).isEqualTo(ExitCode.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("valid: ClusterTaskPolicy logs-guardrail"
                + " (2 rule(s), cluster https://logs-es-http.logging:9200)" + System.lineSeparator());
    }
}
