package io.taskgovernor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.testing.CapturedLogs;
import io.taskgovernor.testing.ScriptedHttpServer;
import io.taskgovernor.testing.ScriptedHttpServer.Reply;
import io.taskgovernor.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI with every log level on never prints a password, an API key or a CA, on success or failure. */
class CliSecretsFakeServerTest {
    private static final String PASSWORD = "cli-Pa55-never-seen";
    private static final String API_KEY = "Q0xJLWFwaS1rZXktbmV2ZXItc2Vlbg==";

    @TempDir
    Path dir;

    @Test
    void noSecretInOutputOrLogs() throws Exception {
        String caPem = TestCertificates.caPem(dir);
        String pemLine = caPem.lines().filter(l -> l.length() > 40).skip(3).findFirst().orElseThrow();
        Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        Path keyFile = Files.writeString(dir.resolve("key"), API_KEY);
        Path caFile = Files.writeString(dir.resolve("ca.pem"), caPem);
        Path policy = Files.writeString(dir.resolve("p.yaml"), """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: p}
                spec:
                  elasticsearch: {url: "http://127.0.0.1:1"}
                  rules: [{name: r, actions: ["*"], maxRuntime: 1s}]
                """);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        int refused;
        int accepted;
        try (CapturedLogs logs = new CapturedLogs();
             ScriptedHttpServer es = new ScriptedHttpServer(r -> String.valueOf(r.header("Authorization")).startsWith("Basic")
                     ? Reply.json(401, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"no\"},\"status\":401}")
                     : Reply.json(200, "{\"nodes\":{}}"))) {
            PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
            System.setOut(both);
            System.setErr(both);
            refused = Main.execute("run", "-f", policy.toString(), "--es", es.url(), "--once", "-v",
                    "--username", "governor", "--password-file", passwordFile.toString(), "--ca-file", caFile.toString());
            accepted = Main.execute("run", "-f", policy.toString(), "--es", es.url(), "--once", "-v", "-o", "json",
                    "--api-key-file", keyFile.toString(), "--ca-file", caFile.toString());
            Main.execute("tasks", "--es", es.url(), "--api-key-file", keyFile.toString());
            captured.write(logs.all().getBytes(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String everything = captured.toString(StandardCharsets.UTF_8);
        assertThat(refused).isEqualTo(4);
        assertThat(accepted).isZero();
        assertThat(everything).contains("unauthorized");
        String basic = Base64.getEncoder().encodeToString(("governor:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String secret : new String[] {PASSWORD, API_KEY, basic, pemLine}) {
            assertThat(everything).doesNotContain(secret);
        }
    }
}
