package io.taskgovernor.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark and prints its figures: {@code mvn -B -Pbench verify}.
 * Arguments (optional) pick parts: {@code decision}, {@code curl-jq}, {@code tick-bytes}.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        List<String> parts = args.length == 0 ? List.of("decision", "curl-jq", "tick-bytes") : List.of(args);
        if (parts.contains("decision")) {
            decision();
        }
        if (parts.contains("curl-jq")) {
            curlJq();
        }
        if (parts.contains("tick-bytes")) {
            TickBytes.main(new String[0]);
        }
    }

    static void decision() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(DecisionBenchmark.class.getName() + ".*")
                .build()).run();
        // tasks -> benchmark -> [score, error]
        Map<Integer, Map<String, double[]>> byTasks = new TreeMap<>();
        for (RunResult result : results) {
            int tasks = Integer.parseInt(result.getParams().getParam("tasks"));
            String name = result.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            byTasks.computeIfAbsent(tasks, t -> new TreeMap<>())
                    .put(name, new double[] {result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()});
        }
        System.out.println();
        System.out.println("== DecisionBenchmark: bytes of a _tasks?group_by=nodes answer -> decisions (JMH, ms/op, lower is better)");
        System.out.printf("%-8s %-11s %-22s %14s %12s %14s%n", "tasks", "bytes", "benchmark", "ms/op", "± (99.9%)", "× bare parse");
        for (var entry : byTasks.entrySet()) {
            int size = TasksResponseGenerator.generate(entry.getKey()).length;
            double[] floor = entry.getValue().get("bareJacksonParse");
            List<String> order = new ArrayList<>(List.of("bareJacksonParse", "officialClient", "streamingParser", "decideOnly"));
            order.retainAll(entry.getValue().keySet());
            for (String name : order) {
                double[] score = entry.getValue().get(name);
                System.out.printf("%-8d %-11d %-22s %14.3f %12.3f %14s%n", entry.getKey(), size, name, score[0], score[1],
                        floor == null ? "" : String.format("%.2f", score[0] / floor[0]));
            }
        }
        System.out.println("(officialClient / streamingParser = parse + map + TaskDecider.evaluate; target: within 2× of bareJacksonParse)");
        System.out.println();
    }

    static void curlJq() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("bench", "curl-jq.sh").toString()).inheritIO();
        builder.environment().put("BENCH_CP", System.getProperty("java.class.path"));
        Process p = builder.start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("bench/curl-jq.sh exited with " + rc);
        }
    }
}
