package io.taskgovernor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check policy manifests and print every problem. Exit 0 when valid, 2 when not.")
final class ValidateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "PATH",
            description = "Files or directories; multi-document YAML; other kinds are skipped.")
    List<Path> paths;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, or json (one object on stdout: valid, policies, problems, skipped). Default: ${DEFAULT-VALUE}.")
    DecisionPrinter.OutputFormat output;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        PolicyFiles.Loaded loaded = PolicyFiles.load(paths);
        if (output == DecisionPrinter.OutputFormat.json) {
            out.println(toJson(loaded));
            return loaded.valid() ? ExitCode.OK : ExitCode.INVALID_INPUT;
        }
        loaded.skipped().forEach(s -> out.println("skipped " + s));
        if (!loaded.valid()) {
            loaded.problems().forEach(err::println);
            err.println(loaded.problems().size() + " problem(s) found");
            return ExitCode.INVALID_INPUT;
        }
        loaded.policies().forEach(p -> out.println("valid: " + p.key().describe()
                + " (" + p.rules().size() + " rule(s), cluster " + p.cluster().url() + ")"));
        return ExitCode.OK;
    }

    private static String toJson(PolicyFiles.Loaded loaded) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("valid", loaded.valid());
        // Policies only when every file is valid, as the table prints them.
        root.put("policies", !loaded.valid() ? List.of() : loaded.policies().stream().map(p -> {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("policy", p.key().toString());
            policy.put("rules", p.rules().size());
            policy.put("cluster", p.cluster().url() == null ? null : p.cluster().url().toString());
            return policy;
        }).toList());
        root.put("problems", loaded.problems());
        root.put("skipped", loaded.skipped());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and lists always serialise", e);
        }
    }
}
