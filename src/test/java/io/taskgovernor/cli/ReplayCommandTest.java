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
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run --replay} and {@code explain --replay} in process, on an answer {@code tasks --save} wrote
 * for a real Elasticsearch 8.19.21 node (src/test/resources/replay/tasks-8.19.21.json: one node "vm", a
 * {@code cluster:monitor/health} wait with opaque id {@code probe-wait} running 7.76 s, the persistent
 * {@code health-node[c]}, and the governor's own list call).
 */
class ReplayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAVED = Path.of("src/test/resources/replay/tasks-8.19.21.json");
    private static final String WAIT = "GAUMSx9lTA69TgKAjn3BIQ:44";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        RunCommand command = new RunCommand();
        command.clients = connection -> {
            throw new AssertionError("a replay must not reach a cluster");
        };
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return execute(command, err, args);
    }

    private int explain(String... args) {
        ExplainCommand command = new ExplainCommand();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return execute(command, err, args);
    }

    private static int execute(Callable<Integer> command, ByteArrayOutputStream err, String... args) {
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
                .setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof InvalidInputException) {
                        cmd.getErr().println(e.getMessage());
                        return ExitCode.INVALID_INPUT;
                    }
                    throw e;
                })
                .execute(args);
    }

    private Path policy(String dryRun, String rules) throws Exception {
        return Files.writeString(dir.resolve("p.yaml"), """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: p}
                spec:
                  elasticsearch: {url: "http://127.0.0.1:1"}
                  dryRun: %s
                  rules:
                %s""".formatted(dryRun, rules.indent(4)));
    }

    private List<JsonNode> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(l, e);
            }
        }).toList();
    }

    @Test
    void anEnforcingPolicysCancelIsReportedAsWhatALivePassWouldDoAndNothingIsSent() throws Exception {
        Path policy = policy("false", "- {name: health, actions: [\"cluster:monitor/*\"], maxRuntime: 1s}");

        int exit = run("-f", policy.toString(), "--replay", SAVED.toString(), "-o", "json");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(lines()).singleElement().satisfies(d -> {
            assertThat(d.path("taskId").asText()).isEqualTo(WAIT);
            assertThat(d.path("opaqueId").asText()).isEqualTo("probe-wait");
            assertThat(d.path("node").asText()).isEqualTo("vm");
            assertThat(d.path("runningTimeMs").asLong()).isEqualTo(7763);
            assertThat(d.path("overshootMs").asLong()).isEqualTo(6763);
            assertThat(d.path("outcome").asText()).isEqualTo("DRY_RUN");
            assertThat(d.path("reason").asText()).isEqualTo("replay: nothing sent; a live pass would cancel it");
        });
    }

    @Test
    void aDryRunPolicysDecisionIsPrintedAsRunPrintsIt() throws Exception {
        Path policy = policy("true", "- {name: health, actions: [\"cluster:monitor/health\"], maxRuntime: 1s}");

        assertThat(run("-f", policy.toString(), "--replay", SAVED.toString())).isZero();

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("policy p: 1 governed task(s), 1 violation(s)")
                .contains("TIME      POLICY/RULE").contains("p/health").contains(WAIT).contains("probe-wait").contains("DRY_RUN");
    }

    @Test
    void aNodeNameIsResolvedFromTheAnswerAndARoleIsNotGuessed() throws Exception {
        Path policy = policy("true", """
                - {name: by-name, actions: ["cluster:monitor/health"], nodes: [vm], maxRuntime: 1s}
                - {name: by-role, actions: ["cluster:monitor/health"], nodes: ["data:true"], maxRuntime: 100ms}""");

        assertThat(run("-f", policy.toString(), "--replay", SAVED.toString(), "-o", "json")).isZero();

        assertThat(lines()).singleElement().satisfies(d -> assertThat(d.path("rule").asText()).isEqualTo("by-name"));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                "policy p: rule by-role: nodes [data:true] cannot be resolved without the cluster");
    }

    @Test
    void aReplayTakesNoClusterAndNoOtherFile() throws Exception {
        Path policy = policy("true", "- {name: health, actions: [\"cluster:monitor/health\"], maxRuntime: 1s}");
        Path notAnAnswer = Files.writeString(dir.resolve("x.json"), "[1,2]");

        assertThat(run("-f", policy.toString(), "--replay", SAVED.toString(), "--es", "http://es:9200"))
                .isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run("-f", policy.toString(), "--replay", notAnAnswer.toString())).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("drop --es")
                .contains("--replay " + notAnAnswer + ": not a saved _tasks answer");
    }

    @Test
    void aTaskIdWhoseNodeIdStartsWithADashIsExplainsArgumentNotAnOption() throws Exception {
        Path policy = policy("false", "- {name: all, actions: [\"*\"], maxRuntime: 1s}");
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.execute("explain", "-Xa9bQ:42", "--replay", SAVED.toString(), "-f", policy.toString());
        } finally {
            System.setErr(before);
        }

        assertThat(exit).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("task -Xa9bQ:42 is not in the saved answer")
                .doesNotContain("Unknown option");
    }

    @Test
    void explainOnTheSavedAnswerNamesTheProtectionOfThePersistentTask() throws Exception {
        Path policy = policy("false", "- {name: all, actions: [\"*\"], maxRuntime: 1s}");

        assertThat(explain("GAUMSx9lTA69TgKAjn3BIQ:23", "--replay", SAVED.toString(), "-f", policy.toString())).isZero();
        assertThat(explain("GAUMSx9lTA69TgKAjn3BIQ:99", "--replay", SAVED.toString(), "-f", policy.toString()))
                .isEqualTo(ExitCode.INVALID_INPUT);

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("protected: persistent task")
                .contains("policy p (enforcing): PROTECTED: never judged: persistent task")
                .contains("verdict: no policy acts on this task");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("task GAUMSx9lTA69TgKAjn3BIQ:99 is not in the saved answer");
    }
}
