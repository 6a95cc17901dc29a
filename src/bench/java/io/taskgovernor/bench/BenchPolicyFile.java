package io.taskgovernor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the typical policy (the one the benchmarks decide with) as a YAML file for the CLI. */
public final class BenchPolicyFile {
    private BenchPolicyFile() {}

    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[0]), BenchPolicies.TYPICAL_YAML);
    }
}
