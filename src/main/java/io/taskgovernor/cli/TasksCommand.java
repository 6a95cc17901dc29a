package io.taskgovernor.cli;

import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.enforce.GovernancePass;
import io.taskgovernor.enforce.NodeSpecCache;
import io.taskgovernor.policy.GovernorOpaqueId;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.CompiledRule;
import io.taskgovernor.policy.Origin;
import io.taskgovernor.policy.DurationFormat;
import io.taskgovernor.policy.ResolvedNodes;
import io.taskgovernor.policy.TaskDecider;
import io.taskgovernor.policy.TaskTree;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Show the cluster's running tasks, longest first, and which rule would act on each.")
final class TasksCommand implements Callable<Integer> {
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);
    private static final String ROW = "%-28s  %-44s  %-16s  %9s  %-11s  %-24s  %-24s  %s%n";

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH", description = "Policies to judge the tasks against.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--save", paramLabel = "FILE",
            description = "Also save the _tasks answer as received (detailed when the -f policies need descriptions), "
                    + "for run --replay and explain --replay.")
    Path save;

    @Mixin
    ConnectionOptions connection;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        List<CompiledPolicy> policies = List.of();
        if (!paths.isEmpty()) {
            PolicyFiles.Loaded loaded = PolicyFiles.load(paths);
            if (!loaded.valid()) {
                loaded.problems().forEach(err::println);
                return ExitCode.INVALID_INPUT;
            }
            policies = loaded.policies();
        }
        URI url = policies.isEmpty() ? null : policies.get(0).cluster().url();
        boolean detailed = policies.stream().flatMap(p -> p.rules().stream()).anyMatch(CompiledRule::readsDescriptions);
        TaskListing listing;
        ResolvedNodes nodes;
        try (RecordingTasksApi tasks = new RecordingTasksApi(new ElasticsearchTasksApi(connection.connectionTo(url, null)))) {
            nodes = new NodeSpecCache(Clock.systemUTC()).resolve(policies, tasks, NODE_TIMEOUT);
            listing = tasks.list(new ListQuery(List.of(), List.of(), detailed, NODE_TIMEOUT), GovernorOpaqueId.LIST);
            if (save != null) {
                SavedAnswer.write(save, tasks.lastAnswer());
            }
        } catch (ClusterException e) {
            err.println(ClusterTrouble.describe(e));
            return ClusterTrouble.exitCode(e);
        }
        listing.nodeFailures().forEach(f -> err.println("incomplete listing, " + f));
        out.printf(ROW, "ID", "ACTION", "NODE", "RUNNING", "CANCELLABLE", "OPAQUE-ID", "ORIGIN", "RULE");
        List<RunningTask> sorted = listing.tasks().stream()
                .sorted(Comparator.comparingLong(RunningTask::runningTimeNanos).reversed()).toList();
        TaskTree tree = TaskTree.of(listing);
        for (RunningTask task : sorted) {
            out.printf(ROW, task.id(), task.action(), task.nodeLabel(),
                    DurationFormat.format(Duration.ofMillis(task.runningTimeMillis())),
                    task.cancelled() ? "cancelled" : String.valueOf(task.cancellable()),
                    task.opaqueId() == null ? "-" : task.opaqueId(),
                    Origin.parse(task.opaqueId()).map(Origin::text).orElse("-"), ruleFor(policies, task, tree, nodes));
        }
        for (CompiledPolicy policy : policies) {
            nodes.warnings(policy).forEach(w -> err.println("policy " + policy.key() + ": " + w));
        }
        return ExitCode.OK;
    }

    private static String ruleFor(List<CompiledPolicy> policies, RunningTask task, TaskTree tree, ResolvedNodes nodes) {
        List<String> rules = new ArrayList<>();
        for (CompiledPolicy policy : policies) {
            Optional<CompiledRule> rule = TaskDecider.governingRule(policy, task, tree, nodes);
            rule.ifPresent(r -> {
                Duration over = Duration.ofNanos(task.runningTimeNanos()).minus(r.maxRuntime());
                rules.add(policy.key() + "/" + r.name() + (over.isNegative() || over.isZero()
                        ? "" : " (over by " + DurationFormat.format(Duration.ofMillis(over.toMillis())) + ")"));
            });
        }
        return rules.isEmpty() ? "-" : String.join(", ", rules);
    }
}
