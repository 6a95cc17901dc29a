package io.taskgovernor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's load average, printed next to timing figures: on a shared machine a figure means
 * little without it (README, "Benchmarks").
 */
final class LoadAverage {
    private LoadAverage() {}

    /** The 1, 5 and 15 minute load averages as Linux's {@code /proc/loadavg} gives them, e.g. "1.83 1.77 2.40"; "unknown" elsewhere. */
    static String now() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2] + " on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
