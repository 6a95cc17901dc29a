package io.taskgovernor.cli;

import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.InvalidPolicyException;
import io.taskgovernor.policy.ParsedManifest;
import io.taskgovernor.policy.PolicyCompiler;
import io.taskgovernor.policy.PolicyKey;
import io.taskgovernor.policy.PolicyManifestParser;
import io.taskgovernor.policy.PolicyProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads policy manifests from files and directories, and compiles every TaskPolicy and ClusterTaskPolicy in them. */
final class PolicyFiles {
    /**
     * @param problems one line per problem, "file[doc N] path: message"
     * @param skipped  documents of other kinds, "file[doc N] kind"
     */
    record Loaded(List<CompiledPolicy> policies, List<String> problems, List<String> skipped) {
        boolean valid() {
            return problems.isEmpty();
        }

        /**
         * The policies that decide: each suspended one is named on {@code err} and left out; with
         * {@code dryRun} ({@code --dry-run}), every one reports instead of cancelling.
         */
        List<CompiledPolicy> active(boolean dryRun, java.io.PrintStream err) {
            List<CompiledPolicy> active = new java.util.ArrayList<>();
            for (CompiledPolicy policy : policies) {
                if (policy.suspended()) {
                    err.println("policy " + policy.key() + " is suspended: skipped");
                } else {
                    active.add(dryRun ? policy.asDryRun() : policy);
                }
            }
            return active;
        }
    }

    /**
     * What {@code run} and {@code explain} decide with: the active policies ({@link Loaded#active}), or, when there is
     * nothing to decide with, the exit code the command ends with ({@code active} is then empty).
     */
    record Selection(List<CompiledPolicy> active, Integer exitCode) {}

    private PolicyFiles() {}

    /**
     * Loads the files and selects the active policies. Problems are printed on {@code err}, one a line, and end the
     * command with {@link ExitCode#INVALID_INPUT}; when every policy is suspended, "nothing to {@code what}" is printed
     * and the command ends with {@link ExitCode#OK}.
     */
    static Selection select(List<Path> paths, boolean dryRun, java.io.PrintStream err, String what) {
        Loaded loaded = load(paths);
        if (!loaded.valid()) {
            loaded.problems().forEach(err::println);
            return new Selection(List.of(), ExitCode.INVALID_INPUT);
        }
        List<CompiledPolicy> active = loaded.active(dryRun, err);
        if (active.isEmpty()) {
            err.println("every policy is suspended: nothing to " + what);
            return new Selection(List.of(), ExitCode.OK);
        }
        return new Selection(active, null);
    }

    static Loaded load(List<Path> paths) {
        List<CompiledPolicy> policies = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<PolicyKey, String> definedAt = new HashMap<>();
        for (Path file : expand(paths)) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(file + ": cannot be read (" + e.getMessage() + ")");
                continue;
            }
            for (ParsedManifest manifest : PolicyManifestParser.parse(file.toString(), text)) {
                String where = file + "[doc " + (manifest.documentIndex() + 1) + "]";
                if (manifest.skipped()) {
                    skipped.add(where + " " + manifest.skipReason());
                    continue;
                }
                manifest.problems().forEach(p -> problems.add(where + " " + p));
                if (manifest.policy() == null) {
                    continue;
                }
                try {
                    CompiledPolicy policy = PolicyCompiler.compile(manifest.policy());
                    String first = definedAt.putIfAbsent(policy.key(), where);
                    if (first != null) {
                        // Policies are told apart by key, as in Kubernetes: a second one would replace the first.
                        problems.add(where + " metadata.name: " + policy.key().describe() + " is already defined in "
                                + first + "; give each policy its own name");
                    } else if (manifest.problems().isEmpty()) {
                        policies.add(policy);
                    }
                } catch (InvalidPolicyException e) {
                    for (PolicyProblem problem : e.problems()) {
                        // A value the parser already reported and dropped would be reported again as missing.
                        boolean alreadySaid = manifest.problems().stream().anyMatch(p -> p.path().equals(problem.path()));
                        if (!alreadySaid) {
                            problems.add(where + " " + problem);
                        }
                    }
                }
            }
        }
        if (policies.isEmpty() && problems.isEmpty()) {
            problems.add("no TaskPolicy or ClusterTaskPolicy found in " + paths);
        }
        return new Loaded(policies, problems, skipped);
    }

    private static List<Path> expand(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new InvalidInputException(path + ": no such file or directory");
            }
        }
        return files;
    }
}
