package io.taskgovernor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidateCommandTest {
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
