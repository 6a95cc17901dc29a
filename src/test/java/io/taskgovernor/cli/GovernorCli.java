package io.taskgovernor.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jar as a user would, and captures what it prints. */
final class GovernorCli {
    record Result(int exitCode, String stdout, String stderr) {}

    static Result run(Map<String, String> env, String... args) {
        String jar = System.getProperty("governor.jar", "target/task-governor.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("ES_USERNAME");
        builder.environment().remove("ES_PASSWORD");
        builder.environment().remove("ES_API_KEY");
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            var out = process.getInputStream();
            var err = process.getErrorStream();
            var stdout = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(out));
            var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(err));
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the CLI did not finish in 120 s: " + command);
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
