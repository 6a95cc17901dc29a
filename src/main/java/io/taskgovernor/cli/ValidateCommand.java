package io.taskgovernor.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check policy manifests and print every problem. Exit 0 when valid, 2 when not.")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "PATH",
            description = "Files or directories; multi-document YAML; other kinds are skipped.")
    List<Path> paths;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        PolicyFiles.Loaded loaded = PolicyFiles.load(paths);
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
}
