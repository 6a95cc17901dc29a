package io.taskgovernor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgovernor.testing.ElasticsearchNode;
import io.taskgovernor.testing.FileRealmUser;
import io.taskgovernor.testing.RunawayTasks;
import io.taskgovernor.testing.SharedElasticsearch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged CLI against real clusters: plain, basic auth, TLS. */
class CliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Least privilege (README): lists with monitor, cancels with cancel_task. */
    private static final FileRealmUser GOVERNOR = SharedElasticsearch.GOVERNOR;
    private static final FileRealmUser OBSERVER = SharedElasticsearch.OBSERVER;
    private static ElasticsearchNode secured;
    private static ElasticsearchNode tls;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSecuredNodes() {
        secured = SharedElasticsearch.basic();
        tls = SharedElasticsearch.tls();
    }

    private Path policy(String name, String maxRuntime, String action) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: %s}
                spec:
                  elasticsearch: {url: "http://127.0.0.1:1", requestTimeout: 5s}
                  rules:
                    - name: r
                      actions: ["%s"]
                      maxRuntime: %s
                """.formatted(name, action, maxRuntime));
        return file;
    }

    private Path secret(String value) throws IOException {
        Path file = dir.resolve("secret-" + Math.abs(value.hashCode()));
        Files.writeString(file, value + "\n");
        return file;
    }

    @Test
    void runOnceWithJsonOutputCancelsAndPrintsOneLinePerDecision() throws IOException {
        ElasticsearchNode node = SharedElasticsearch.node();
        RunawayTasks runaway = new RunawayTasks(node.http());
        runaway.startHealthWait("cli-json", 30);
        JsonNode task = runaway.awaitRunningLongerThan("cluster:monitor/health", "cli-json", Duration.ofMillis(300));

        GovernorCli.Result result = GovernorCli.run(Map.of(), "run", "-f", policy("cli", "300ms", "cluster:monitor/health").toString(),
                "--es", node.url(), "--once", "--output", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode line = result.stdout().lines().map(CliIT::parse)
                .filter(l -> "cli-json".equals(l.path("opaqueId").asText())).findFirst().orElseThrow();
        assertThat(line.path("policy").asText()).isEqualTo("cli");
        assertThat(line.path("rule").asText()).isEqualTo("r");
        assertThat(line.path("taskId").asText()).isEqualTo(RunawayTasks.idOf(task));
        assertThat(line.path("node").asText()).isNotEmpty();
        assertThat(line.path("action").asText()).isEqualTo("cluster:monitor/health");
        assertThat(line.path("runningTimeMs").asLong()).isGreaterThan(300);
        assertThat(line.path("outcome").asText()).isEqualTo("CANCEL_REQUESTED");
    }

    @Test
    void runKeepsGoverningOnTheDeadlineAwareScheduleUntilStopped() throws Exception {
        ElasticsearchNode node = SharedElasticsearch.node();
        RunawayTasks runaway = new RunawayTasks(node.http());
        Path policy = dir.resolve("continuous.yaml");
        Files.writeString(policy, """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: continuous}
                spec:
                  elasticsearch: {url: "%s"}
                  interval: 10m
                  rules:
                    - name: r
                      actions: ["cluster:monitor/health"]
                      opaqueIds: ["cli-continuous"]
                      maxRuntime: 20s
                """.formatted(node.url()));
        // 20 s: the cold JVM must see the task before its deadline; on a 2-core machine under a load of 35
        // it once took more than 8 s to start (seen late, so cancelled at 10.6 s, not at the deadline).
        runaway.startHealthWait("cli-continuous", 60);
        runaway.awaitTask("cluster:monitor/health", "cli-continuous");

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("governor.jar", "target/task-governor.jar"), "run", "-f", policy.toString(), "-o", "json")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            var line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return lines.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(60, java.util.concurrent.TimeUnit.SECONDS);
            JsonNode decision = parse(line);
            assertThat(decision.path("opaqueId").asText()).isEqualTo("cli-continuous");
            assertThat(decision.path("outcome").asText()).isEqualTo("CANCEL_REQUESTED");
            assertThat(decision.path("runningTimeMs").asLong()).as("seen early, cancelled just after 20s, not after 10m")
                    .isBetween(20_000L, 21_000L);
        } finally {
            process.destroy();
            assertThat(process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    @Test
    void tasksShowsTheRunningTasksAndWhichRuleWouldActOnThem() throws IOException {
        ElasticsearchNode node = SharedElasticsearch.node();
        RunawayTasks runaway = new RunawayTasks(node.http());
        runaway.startHealthWait("cli-tasks", 20);
        runaway.awaitTask("cluster:monitor/health", "cli-tasks");

        GovernorCli.Result result = GovernorCli.run(Map.of(), "tasks", "--es", node.url(),
                "-f", policy("watch", "1h", "cluster:monitor/*").toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("ACTION").contains("OPAQUE-ID");
        assertThat(result.stdout().lines().filter(l -> l.contains("cli-tasks")).findFirst().orElseThrow())
                .contains("cluster:monitor/health").contains("true").contains("watch/r");
    }

    @Test
    void anUnreachableClusterExitsWith3AndSaysWhy() throws IOException {
        GovernorCli.Result result = GovernorCli.run(Map.of(), "run", "-f", policy("down", "1s", "*").toString(), "--once");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).contains("unavailable").contains("127.0.0.1:1");
    }

    @Test
    void basicAuthFromAPasswordFileOrTheEnvironmentWorksAndAWrongPasswordExitsWith4() throws IOException {
        Path policy = policy("secured", "1h", "*");
        GovernorCli.Result withFile = GovernorCli.run(Map.of(), "run", "-f", policy.toString(), "--es", secured.url(),
                "--once", "--username", secured.username(), "--password-file", secret(secured.password()).toString());
        GovernorCli.Result withEnv = GovernorCli.run(Map.of("ES_USERNAME", secured.username(), "ES_PASSWORD", secured.password()),
                "run", "-f", policy.toString(), "--es", secured.url(), "--once");
        GovernorCli.Result wrong = GovernorCli.run(Map.of("ES_USERNAME", secured.username(), "ES_PASSWORD", "not-it"),
                "run", "-f", policy.toString(), "--es", secured.url(), "--once");
        GovernorCli.Result none = GovernorCli.run(Map.of(), "run", "-f", policy.toString(), "--es", secured.url(), "--once");

        assertThat(withFile.exitCode()).as(withFile.stderr()).isZero();
        assertThat(withEnv.exitCode()).as(withEnv.stderr()).isZero();
        assertThat(wrong.exitCode()).isEqualTo(4);
        assertThat(wrong.stderr()).contains("unauthorized").contains("401");
        assertThat(none.exitCode()).isEqualTo(4);
        for (GovernorCli.Result r : new GovernorCli.Result[] {withFile, withEnv, wrong, none}) {
            assertThat(r.stdout() + r.stderr()).doesNotContain(secured.password());
        }
    }

    @Test
    void aUserWithoutCancelTaskIsToldSoAndExitsWith4AndMonitorPlusCancelTaskCancels() throws Exception {
        RunawayTasks runaway = new RunawayTasks(secured.http());
        runaway.startHealthWait("cli-refused", 60);
        String id = RunawayTasks.idOf(runaway.awaitRunningLongerThan("cluster:monitor/health", "cli-refused",
                Duration.ofMillis(300)));
        Path policy = dir.resolve("refused.yaml");
        Files.writeString(policy, """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: refused}
                spec:
                  elasticsearch: {url: "%s"}
                  rules: [{name: r, actions: ["cluster:monitor/health"], opaqueIds: ["cli-refused"], maxRuntime: 300ms}]
                """.formatted(secured.url()));

        GovernorCli.Result refused = GovernorCli.run(Map.of("ES_USERNAME", OBSERVER.name(), "ES_PASSWORD", secured.password()),
                "run", "-f", policy.toString(), "--once", "-o", "json");

        System.out.println("[CliIT] monitor-only run --once: exit " + refused.exitCode() + ", stderr: " + refused.stderr().strip());
        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(4);
        assertThat(refused.stderr().lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("cluster privilege cancel_task").contains("HTTP 403")
                .contains("action [cluster:admin/tasks/cancel] is unauthorized for user [observer]"));
        assertThat(parse(refused.stdout().strip()).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(runaway.task("cluster:monitor/health", "cli-refused").orElseThrow().path("cancelled").asBoolean()).isFalse();

        GovernorCli.Result cancelled = GovernorCli.run(Map.of("ES_USERNAME", GOVERNOR.name(), "ES_PASSWORD", secured.password()),
                "run", "-f", policy.toString(), "--once", "-o", "json");

        assertThat(cancelled.exitCode()).as(cancelled.stderr()).isZero();
        assertThat(cancelled.stderr()).isEmpty();
        JsonNode line = parse(cancelled.stdout().strip());
        assertThat(line.path("taskId").asText()).isEqualTo(id);
        assertThat(line.path("outcome").asText()).isEqualTo("CANCEL_REQUESTED");
    }

    @Test
    void continuousRunSaysARefusedCancelOnceNotOnEveryPass() throws Exception {
        RunawayTasks runaway = new RunawayTasks(secured.http());
        runaway.startHealthWait("cli-refused-continuous", 60);
        runaway.awaitTask("cluster:monitor/health", "cli-refused-continuous");
        Path policy = dir.resolve("refused-continuous.yaml");
        Files.writeString(policy, """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: refused-continuous}
                spec:
                  elasticsearch: {url: "%s"}
                  interval: 1s
                  rules: [{name: r, actions: ["cluster:monitor/health"], opaqueIds: ["cli-refused-continuous"], maxRuntime: 300ms}]
                """.formatted(secured.url()));
        Path stdout = dir.resolve("continuous.out");
        Path stderr = dir.resolve("continuous.err");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("governor.jar", "target/task-governor.jar"), "run", "-f", policy.toString(), "-o", "json")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().remove("ES_API_KEY");
        builder.environment().put("ES_USERNAME", OBSERVER.name());
        builder.environment().put("ES_PASSWORD", secured.password());
        Process process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readAllLines(stdout).stream()
                    .filter(l -> l.contains("\"FAILED\"")).count() >= 3);
        } finally {
            process.destroy();
            assertThat(process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        List<String> refusals = Files.readAllLines(stderr).stream().filter(l -> l.contains("cancel_task")).toList();
        assertThat(refusals).as("three refused passes, one line").singleElement()
                .satisfies(l -> assertThat(l).contains("is unauthorized for user [observer]"));
    }

    @Test
    void tlsWithTheClustersCaFileWorksAndWithoutItFails() throws IOException {
        Path policy = policy("tls", "1h", "*");
        Map<String, String> env = Map.of("ES_USERNAME", tls.username(), "ES_PASSWORD", tls.password());

        GovernorCli.Result trusted = GovernorCli.run(env, "run", "-f", policy.toString(), "--es", tls.url(), "--once",
                "--ca-file", tls.caFile().toString(), "-o", "json");
        GovernorCli.Result untrusted = GovernorCli.run(env, "run", "-f", policy.toString(), "--es", tls.url(), "--once");

        assertThat(trusted.exitCode()).as(trusted.stderr()).isZero();
        assertThat(untrusted.exitCode()).isEqualTo(3);
        assertThat(untrusted.stderr()).containsIgnoringCase("ssl");
    }

    @Test
    void validateExitsWith0ForTheExamplesAnd2ForABrokenPolicyNamingEachProblem() throws IOException {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: broken}
                spec:
                  elasticsearch: {url: "http://es:9200"}
                  rules:
                    - name: r
                      actions: ["*"]
                      maxRuntime: "5 minutes"
                      maxRunTime: 5m
                """);

        GovernorCli.Result examples = GovernorCli.run(Map.of(), "validate", "-f", "examples");
        GovernorCli.Result invalid = GovernorCli.run(Map.of(), "validate", "-f", broken.toString());

        assertThat(examples.exitCode()).as(examples.stderr()).isZero();
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.stderr())
                .contains("spec.rules[0].maxRuntime: \"5 minutes\" is not a duration (examples: 500ms, 30s, 5m, 1h")
                .contains("spec.rules[0].maxRunTime: unknown field (did you mean maxRuntime?)");
    }

    @Test
    void checkPassesForTheLeastPrivilegeUserNamesCancelTaskForAUserWithoutItAndPassesWithoutSecurity() throws IOException {
        GovernorCli.Result governor = GovernorCli.run(Map.of("ES_USERNAME", GOVERNOR.name(), "ES_PASSWORD", secured.password()),
                "check", "--es", secured.url());
        GovernorCli.Result governorJson = GovernorCli.run(Map.of("ES_USERNAME", GOVERNOR.name(), "ES_PASSWORD", secured.password()),
                "check", "--es", secured.url(), "-o", "json");
        GovernorCli.Result observer = GovernorCli.run(Map.of("ES_USERNAME", OBSERVER.name(), "ES_PASSWORD", secured.password()),
                "check", "--es", secured.url());
        GovernorCli.Result wrong = GovernorCli.run(Map.of("ES_USERNAME", GOVERNOR.name(), "ES_PASSWORD", "not-it"),
                "check", "--es", secured.url());
        GovernorCli.Result open = GovernorCli.run(Map.of(), "check", "--es", SharedElasticsearch.node().url(), "-o", "json");

        System.out.println("[CliIT] check on " + secured.version() + ": " + governor.stdout().strip() + " | observer: "
                + observer.stderr().strip() + " | no security: " + open.stdout().strip());
        assertThat(governor.exitCode()).as(governor.stderr()).isZero();
        assertThat(governor.stdout()).contains("Elasticsearch " + secured.version())
                .contains("user governor: monitor yes, cancel_task yes").contains("ok:");
        JsonNode report = parse(governorJson.stdout().strip());
        assertThat(report.path("product").asText()).isEqualTo("Elasticsearch");
        assertThat(report.path("version").asText()).isEqualTo(secured.version());
        assertThat(report.path("securityEnabled").asBoolean()).isTrue();
        assertThat(report.path("username").asText()).isEqualTo("governor");
        assertThat(report.path("missing")).isEmpty();

        assertThat(observer.exitCode()).isEqualTo(4);
        assertThat(observer.stdout()).contains("user observer: monitor yes, cancel_task NO");
        assertThat(observer.stderr()).contains("user observer lacks the cluster privilege cancel_task (cancel_task cancels them)");

        assertThat(wrong.exitCode()).isEqualTo(4);
        assertThat(wrong.stderr()).contains("unauthorized (HTTP 401)");

        assertThat(open.exitCode()).as(open.stderr()).isZero();
        JsonNode unsecured = parse(open.stdout().strip());
        assertThat(unsecured.path("securityEnabled").asBoolean()).isFalse();
        assertThat(unsecured.path("ok").asBoolean()).isTrue();
        assertThat(unsecured.path("version").asText()).isEqualTo(SharedElasticsearch.node().version());
    }

    @Test
    void aReplayOfTheAnswerALiveDryRunSavedGivesTheSameDecisionsAndExplainAgrees() throws IOException {
        ElasticsearchNode node = SharedElasticsearch.node();
        RunawayTasks runaway = new RunawayTasks(node.http());
        runaway.indexKeywordDocs();
        runaway.startRunawaySearch("replay-search");
        runaway.startMsearchWithOneRunawayItem("replay-msearch");
        runaway.startHealthWait("replay-health", 120);
        // Not RunawayTasks.startHotThreads (about 1 s of sampling): under load the CLI's JVMs start after it ended.
        // The task lasts at least the interval between its two CPU samples.
        node.http().sendAsync("GET", "/_nodes/hot_threads?interval=90s&snapshots=1&threads=1", null, "replay-hot",
                Duration.ofSeconds(150));
        Duration limit = Duration.ofMillis(300);
        String searchId = RunawayTasks.idOf(runaway.awaitRunningLongerThan("indices:data/read/search", "replay-search", limit));
        runaway.awaitRunningLongerThan("indices:data/read/search", "replay-msearch", limit);
        runaway.awaitRunningLongerThan("cluster:monitor/health", "replay-health", limit);
        runaway.awaitTask("cluster:monitor/nodes/hot_threads", "replay-hot");
        Path policy = dir.resolve("replay.yaml");
        Files.writeString(policy, """
                apiVersion: taskgovernor.io/v1alpha1
                kind: TaskPolicy
                metadata: {name: replay}
                spec:
                  elasticsearch: {url: "%s"}
                  dryRun: true
                  rules:
                    - {name: searches, actions: ["indices:data/read/search*"], opaqueIds: ["replay-*"], nodes: ["%s"], maxRuntime: 300ms}
                    - {name: health, actions: ["cluster:monitor/health"], opaqueIds: ["replay-*"], maxRuntime: 300ms}
                    - {name: hot, actions: ["cluster:monitor/nodes/hot_threads*"], opaqueIds: ["replay-*"], maxRuntime: 1ms}
                """.formatted(node.url(), node.name()));
        Path everything = dir.resolve("tasks.json");
        Path passAnswer = dir.resolve("pass.json");

        GovernorCli.Result saved = GovernorCli.run(Map.of(), "tasks", "-f", policy.toString(), "--save", everything.toString());
        GovernorCli.Result live = GovernorCli.run(Map.of(), "run", "-f", policy.toString(), "--once", "-o", "json",
                "--save", passAnswer.toString());
        GovernorCli.Result replay = GovernorCli.run(Map.of(), "run", "-f", policy.toString(), "--replay", passAnswer.toString(),
                "-o", "json");
        GovernorCli.Result replayOfTasks = GovernorCli.run(Map.of(), "run", "-f", policy.toString(), "--replay",
                everything.toString(), "-o", "json");

        assertThat(saved.exitCode()).as(saved.stderr()).isZero();
        assertThat(live.exitCode()).as(live.stderr()).isZero();
        assertThat(replay.exitCode()).as(replay.stderr()).isZero();
        assertThat(replay.stderr()).as("the node rule resolves from the saved node name").isEmpty();
        List<JsonNode> liveDecisions = live.stdout().lines().map(CliIT::parse).toList();
        System.out.println("[CliIT] live dry run on " + node.version() + ": " + liveDecisions.size() + " decisions; replay: "
                + replay.stdout().lines().count());
        assertThat(liveDecisions).extracting(d -> d.path("opaqueId").asText() + " " + d.path("outcome").asText())
                .contains("replay-search DRY_RUN", "replay-msearch DRY_RUN", "replay-health DRY_RUN",
                        "replay-hot NOT_CANCELLABLE");
        assertThat(replay.stdout().lines().map(CliIT::parse).map(CliIT::withoutTime).toList())
                .as("the same decisions, field for field (the time aside)")
                .isEqualTo(liveDecisions.stream().map(CliIT::withoutTime).toList());

        // The tasks answer lists everything (the msearch root too): replayed as the pass would list it, the
        // msearch item is still judged on its own, and the search's shard children are covered by the root.
        assertThat(replayOfTasks.exitCode()).as(replayOfTasks.stderr()).isZero();
        assertThat(replayOfTasks.stdout().lines().map(CliIT::parse)
                .map(d -> d.path("opaqueId").asText() + " " + d.path("action").asText() + " " + d.path("outcome").asText()))
                .contains("replay-search indices:data/read/search DRY_RUN", "replay-msearch indices:data/read/search DRY_RUN")
                .doesNotContain("replay-msearch indices:data/read/msearch DRY_RUN")
                .noneMatch(d -> d.contains("[phase/"));

        JsonNode pass = JSON.readTree(passAnswer.toFile());
        String shardId = null;
        for (JsonNode n : pass.path("nodes")) {
            for (var t = n.path("tasks").fields(); t.hasNext(); ) {
                var entry = t.next();
                if (searchId.equals(entry.getValue().path("parent_task_id").asText(null))) {
                    shardId = entry.getKey();
                }
            }
        }
        GovernorCli.Result root = GovernorCli.run(Map.of(), "explain", searchId, "--replay", passAnswer.toString(),
                "-f", policy.toString(), "-o", "json");
        assertThat(root.exitCode()).as(root.stderr()).isZero();
        JsonNode rootVerdict = parse(root.stdout().strip()).path("policies").get(0);
        assertThat(rootVerdict.path("verdict").asText()).isEqualTo("DRY_RUN");
        assertThat(rootVerdict.path("rule").asText()).isEqualTo("searches");
        assertThat(rootVerdict.path("rules").get(1).path("failed").get(0).path("filter").asText()).isEqualTo("action");
        if (shardId != null) {
            GovernorCli.Result shard = GovernorCli.run(Map.of(), "explain", shardId, "--replay", passAnswer.toString(),
                    "-f", policy.toString());
            assertThat(shard.stdout()).contains("COVERED").contains("its ancestor " + searchId);
        }
    }

    private static JsonNode withoutTime(JsonNode decision) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) decision).remove("time");
        return decision;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("not a JSON line: " + line, e);
        }
    }
}
