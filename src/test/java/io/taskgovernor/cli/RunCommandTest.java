package io.taskgovernor.cli;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.ElasticsearchError;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.testing.FakeTasksApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The run command in process, on a scripted cluster: what it prints and how it exits. */
class RunCommandTest {
    /** What ElasticsearchTasksApi reports for Elasticsearch 8.19.21's answer to a monitor-only user (checked on a real node). */
    static final String REFUSED = "cancel task n:1 on http://es:9200: HTTP 403 security_exception: action "
            + "[cluster:admin/tasks/cancel] is unauthorized for user [watcher] with effective roles [governor_monitor_only], "
            + "this action is granted by the cluster privileges [cancel_task,manage,all]";

    /** The error ElasticsearchTasksApi raises for that answer; its message is {@link #REFUSED}. */
    static ElasticsearchError refused() {
        return new ElasticsearchError("cancel task n:1 on http://es:9200", 403, "security_exception",
                REFUSED.substring(REFUSED.indexOf("action [")));
    }

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(FakeTasksApi cluster, String... args) {
        RunCommand command = new RunCommand();
        command.clients = connection -> cluster;
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    private Path policy() throws Exception {
        return Files.writeString(dir.resolve("p.yaml"), """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: p}
                spec:
                  elasticsearch: {url: "http://es:9200"}
                  rules: [{name: r, actions: ["indices:data/read/search*"], maxRuntime: 10s}]
                """);
    }

    @Test
    void runOnceExitsFourAndNamesTheMissingPrivilegeWhenTheClusterRefusesToCancel() throws Exception {
        FakeTasksApi cluster = new FakeTasksApi()
                .listing(() -> new TaskListing(Instant.now(), List.of(task("n:1").runningSeconds(40).build(),
                        task("n:2").runningSeconds(30).build()), List.of()))
                .onCancel("n:1", () -> {
                    throw refused();
                });

        int exit = run(cluster, "-f", policy().toString(), "--once", "-o", "json");

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(stderr).isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(stderr.lines()).as("one line, however many cancels it stopped").singleElement().satisfies(line ->
                assertThat(line).startsWith("cluster http://es:9200: ").contains("cluster privilege cancel_task")
                        .contains("HTTP 403").contains("is unauthorized for user [watcher]"));
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2).allSatisfy(line ->
                assertThat(line).contains("\"outcome\":\"FAILED\""));
    }

    @Test
    void runOnceExitsZeroWhenItsCancelsGoThrough() throws Exception {
        FakeTasksApi cluster = new FakeTasksApi()
                .listing(() -> new TaskListing(Instant.now(), List.of(task("n:1").runningSeconds(40).build()), List.of()));

        int exit = run(cluster, "-f", policy().toString(), "--once", "-o", "json");

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
