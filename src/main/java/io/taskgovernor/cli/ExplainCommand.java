package io.taskgovernor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.elasticsearch.ListQuery;
import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.enforce.NodeSpecCache;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.DurationFormat;
import io.taskgovernor.policy.Explanation;
import io.taskgovernor.policy.GovernorOpaqueId;
import io.taskgovernor.policy.ListQueryPlanner;
import io.taskgovernor.policy.ListedNodes;
import io.taskgovernor.policy.ResolvedNodes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"For one task: every rule of every policy, whether it matches and why not, what protects the task,",
                "and each policy's verdict, as a pass would decide on the same listing. Needs --es URL or --replay FILE."})
final class ExplainCommand implements Callable<Integer> {
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "TASK_ID", description = "The task, <node id>:<number>, as tasks lists it.")
    String taskId;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "PATH",
            description = "Policy manifests: files or directories, multi-document YAML.")
    List<Path> paths;

    @Option(names = "--replay", paramLabel = "FILE", description = "A saved _tasks answer (tasks --save) instead of a cluster.")
    Path replay;

    @Option(names = "--dry-run", description = "Judge every policy as a dry run, as run --dry-run would.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (one object). Default: ${DEFAULT-VALUE}.")
    DecisionPrinter.OutputFormat output;

    @Mixin
    ConnectionOptions connection;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        if ((connection.url == null) == (replay == null)) {
            err.println("explain needs one source of tasks: --es URL (a live listing) or --replay FILE (a saved answer)");
            return ExitCode.INVALID_INPUT;
        }
        PolicyFiles.Selection selection = PolicyFiles.select(paths, dryRun, err, "explain");
        if (selection.exitCode() != null) {
            return selection.exitCode();
        }
        List<CompiledPolicy> active = selection.active();
        TaskListing listing;
        ResolvedNodes nodes;
        if (replay != null) {
            listing = SavedAnswer.read(replay);
            ListedNodes listed = ListedNodes.of(listing);
            nodes = listed.resolve(active);
            active.forEach(p -> listed.warnings(p).forEach(w -> err.println("policy " + p.key() + ": " + w)));
        } else {
            boolean detailed = ListQueryPlanner.plan(active, NODE_TIMEOUT).detailed();
            // Everything, as tasks lists it: the task is found even when the pass would not list it.
            try (TasksApi tasks = new ElasticsearchTasksApi(connection.connectionTo(null, null))) {
                nodes = new NodeSpecCache(Clock.systemUTC()).resolve(active, tasks, NODE_TIMEOUT);
                listing = tasks.list(new ListQuery(List.of(), List.of(), detailed, NODE_TIMEOUT), GovernorOpaqueId.LIST);
            } catch (ClusterException e) {
                err.println(ClusterTrouble.describe(e));
                return ClusterTrouble.exitCode(e);
            }
            active.forEach(p -> nodes.warnings(p).forEach(w -> err.println("policy " + p.key() + ": " + w)));
        }
        RunningTask task = listing.tasks().stream().filter(t -> t.id().equals(taskId)).findFirst().orElse(null);
        if (task == null) {
            err.println("task " + taskId + " is not in the " + (replay != null ? "saved answer " + replay
                    : "listing (it has ended, or the id is mistyped: tasks lists the running ones)"));
            return ExitCode.INVALID_INPUT;
        }
        TaskListing view = ListQueryPlanner.view(listing, ListQueryPlanner.plan(active, nodes, null));
        Explanation explanation = Explanation.of(task, active, view, nodes);
        if (output == DecisionPrinter.OutputFormat.json) {
            out.println(toJson(explanation));
        } else {
            printTable(explanation);
        }
        return ExitCode.OK;
    }

    private void printTable(Explanation e) {
        RunningTask t = e.task();
        out.printf("task %s  %s  node %s  running %s  %s  opaque id %s%n", t.id(), t.action(), t.nodeLabel(),
                DurationFormat.format(Duration.ofMillis(t.runningTimeMillis())),
                t.cancelled() ? "cancelled" : t.cancellable() ? "cancellable" : "not cancellable",
                t.opaqueId() == null ? "-" : t.opaqueId());
        if (t.parentTaskId() != null) {
            out.printf("parent %s%n", t.parentTaskId());
        }
        out.printf("protected: %s%n", e.protection() == null ? "no" : e.protection());
        for (Explanation.PolicyVerdict p : e.policies()) {
            out.printf("policy %s (%s): %s: %s%n", p.policy(), p.dryRun() ? "dry run" : "enforcing", p.verdict(), p.detail());
            for (Explanation.RuleCheck rule : p.rules()) {
                String verdict = rule.matched() ? "matches" : "no: " + String.join("; ",
                        rule.failures().stream().map(Explanation.FilterFailure::reason).toList());
                out.printf("  rule %-24s maxRuntime %-8s %s%n", rule.rule(), DurationFormat.format(rule.maxRuntime()), verdict);
            }
        }
        List<Explanation.PolicyVerdict> acting = e.acting();
        out.printf("verdict: %s%n", acting.isEmpty() ? "no policy acts on this task"
                : String.join("; ", acting.stream().map(p -> p.policy() + " " + p.verdict()).toList()));
    }

    static String toJson(Explanation e) {
        RunningTask t = e.task();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("taskId", t.id());
        root.put("action", t.action());
        root.put("node", t.nodeLabel());
        root.put("runningTimeMs", t.runningTimeMillis());
        root.put("cancellable", t.cancellable());
        root.put("cancelled", t.cancelled());
        root.put("parentTaskId", t.parentTaskId());
        root.put("opaqueId", t.opaqueId());
        root.put("protection", e.protection());
        List<Object> policies = new ArrayList<>();
        for (Explanation.PolicyVerdict p : e.policies()) {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("policy", p.policy().toString());
            policy.put("dryRun", p.dryRun());
            policy.put("verdict", p.verdict().name());
            policy.put("detail", p.detail());
            policy.put("rule", p.governingRule());
            policy.put("maxRuntimeMs", p.maxRuntime() == null ? null : p.maxRuntime().toMillis());
            List<Object> rules = new ArrayList<>();
            for (Explanation.RuleCheck r : p.rules()) {
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("rule", r.rule());
                rule.put("maxRuntimeMs", r.maxRuntime().toMillis());
                rule.put("matched", r.matched());
                rule.put("failed", r.failures().stream().map(f -> {
                    Map<String, Object> failure = new LinkedHashMap<>();
                    failure.put("filter", f.filter());
                    failure.put("reason", f.reason());
                    return failure;
                }).toList());
                rules.add(rule);
            }
            policy.put("rules", rules);
            policies.add(policy);
        }
        root.put("policies", policies);
        root.put("acting", e.acting().stream().map(p -> p.policy().toString()).toList());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("maps of strings, numbers and lists always serialise", ex);
        }
    }
}
