package io.taskgovernor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as a user meets it: a subcommand named first is built alone, the top command in full. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return Main.execute(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    void aSubcommandsHelpNamesItUnderTheTopCommand() {
        assertThat(execute("run", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: task-governor run ")
                .contains("--dry-run", "--es=URL");
    }

    @Test
    void aSubcommandsUsageErrorNamesItUnderTheTopCommand() {
        assertThat(execute("validate")).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required option")
                .contains("Usage: task-governor validate ");
    }

    @Test
    void theTopCommandsHelpListsEverySubcommand() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: task-governor ")
                .contains("run", "validate", "tasks", "explain", "check", "operator");
    }

    @Test
    void anUnknownSubcommandIsRefusedByTheTopCommand() {
        assertThat(execute("govern")).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unmatched argument").contains("govern");
    }

    /**
     * The class data sharing archive the script records (README, "Cold start") holds no class older than Java 6:
     * picocli's own jar is Java 5 bytecode, so the build compiles picocli from its sources jar instead.
     */
    @Test
    void picocliIsBytecodeTheClassDataSharingArchiveCanHold() throws IOException {
        try (InputStream in = CommandLine.class.getResourceAsStream("CommandLine.class")) {
            DataInputStream data = new DataInputStream(in);
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort(); // minor version
            assertThat(data.readUnsignedShort()).as("class file major version (50 = Java 6)").isGreaterThanOrEqualTo(61);
        }
    }
}
