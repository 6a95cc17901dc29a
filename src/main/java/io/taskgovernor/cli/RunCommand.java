package io.taskgovernor.cli;

import io.taskgovernor.audit.AuditTrail;
import io.taskgovernor.audit.AuditTrails;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.DataStreamWriter;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.enforce.ClusterPoller;
import io.taskgovernor.enforce.ClusterPollers;
import io.taskgovernor.enforce.GovernancePass;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.enforce.PolicyResult;
import io.taskgovernor.enforce.Replay;
import io.taskgovernor.enforce.ThreadPassScheduler;
import io.taskgovernor.policy.AuditDestination;
import io.taskgovernor.policy.CompiledPolicy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Govern the tasks of the policies' clusters, every interval, until stopped.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "PATH",
            description = "Policy manifests: files or directories, multi-document YAML.")
    List<Path> paths;

    @Option(names = "--once", description = "Do a single pass and exit.")
    boolean once;

    @Option(names = "--dry-run", description = "Report violations without cancelling anything.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (one decision a line). Default: ${DEFAULT-VALUE}.")
    DecisionPrinter.OutputFormat output;

    @Option(names = {"-v", "--verbose"}, description = "Print a summary of every pass, not only of those with violations.")
    boolean verbose;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "Decide on a saved _tasks answer (tasks --save, run --once --save) instead of a cluster: "
                    + "prints the decisions, sends nothing, needs no --es.")
    Path replay;

    @Option(names = "--save", paramLabel = "FILE",
            description = "With --once: also save the pass's _tasks answer, as received, for --replay and explain.")
    Path save;

    @Mixin
    ConnectionOptions connection;

    PrintStream out = System.out;
    PrintStream err = System.err;
    Clock clock = Clock.systemUTC();
    Function<ClusterConnection, TasksApi> clients = ElasticsearchTasksApi::new;
    BiFunction<ClusterConnection, String, DataStreamWriter> auditWriters = DataStreamWriter::new;
    AuditTrail.Settings auditSettings = AuditTrail.Settings.DEFAULT;

    @Override
    public Integer call() throws InterruptedException {
        if (replay == null) {
            WarmUp.start();
        }
        PolicyFiles.Selection selection = PolicyFiles.select(paths, dryRun, err, "do");
        if (selection.exitCode() != null) {
            return selection.exitCode();
        }
        List<CompiledPolicy> active = selection.active();
        if (replay != null) {
            return replay(active);
        }
        active.stream().filter(p -> p.cluster().credentialsSecret() != null || p.cluster().caSecretName() != null)
                .findFirst().ifPresent(p -> err.println("note: policy " + p.key() + " names Kubernetes Secrets, which only "
                        + "the operator reads; here credentials come from --username/--password-file, --api-key-file or "
                        + "ES_* variables, and a CA from --ca-file"));
        Map<ClusterConnection, List<CompiledPolicy>> clusters = ClusterGroups.of(active, connection);
        if (save != null && (!once || clusters.size() != 1)) {
            err.println("--save keeps the answer of one pass on one cluster: it needs --once, and policies of one cluster "
                    + "(these name " + clusters.size() + "; give --es URL or fewer files)");
            return ExitCode.INVALID_INPUT;
        }
        DecisionPrinter printer = DecisionPrinter.of(output, out, verbose || once);
        AuditTrails audit = new AuditTrails(auditWriters, auditSettings, clock, (where, trail) -> { }, policy -> { });
        for (CompiledPolicy policy : active) {
            AuditDestination destination = policy.audit().dataStream();
            if (destination != null && destination.cluster() != null) {
                audit.route(policy.key(), connection.auditConnectionTo(destination.cluster().url(),
                        destination.cluster().requestTimeout()));
            }
        }
        return once ? runOnce(clusters, printer, audit) : runUntilStopped(clusters, printer, audit);
    }

    /** Sends what the audit trails hold (within their flush time) and says on stderr what did not get through. */
    private void closeAudit(AuditTrails audit, Map<ClusterConnection, List<CompiledPolicy>> clusters) {
        audit.close();
        clusters.values().stream().flatMap(List::stream).map(CompiledPolicy::key).distinct().forEach(key ->
                audit.health(key).filter(h -> h.dropped() + h.refused() > 0 || h.failing()).ifPresent(h -> err.println(
                        "policy " + key + ": audit data stream: " + h.written() + " written, " + h.dropped() + " dropped, "
                                + h.refused() + " refused" + (h.problem() == null ? "" : "; last problem: " + h.problem()))));
    }

    /** Decides on the saved answer as a pass would, sends nothing; rules it cannot judge are said on stderr. */
    private int replay(List<CompiledPolicy> active) {
        if (connection.url != null || save != null) {
            err.println("--replay reads a saved answer and reaches no cluster: drop " + (save != null ? "--save" : "--es"));
            return ExitCode.INVALID_INPUT;
        }
        TaskListing saved = SavedAnswer.read(replay);
        PassResult result = new Replay(clock).run(active, saved);
        saved.nodeFailures().forEach(f -> err.println("saved answer: incomplete listing, " + f));
        for (PolicyResult policy : result.policies()) {
            policy.warnings().forEach(w -> err.println("policy " + policy.policy().key() + ": " + w));
        }
        DecisionPrinter.of(output, out, true).print(result);
        return ExitCode.OK;
    }

    private int runOnce(Map<ClusterConnection, List<CompiledPolicy>> clusters, DecisionPrinter printer, AuditTrails audit) {
        int exit = ExitCode.OK;
        for (Map.Entry<ClusterConnection, List<CompiledPolicy>> cluster : clusters.entrySet()) {
            // A pass per cluster: a pass keeps what it resolved of the rules' node specs for its cluster only.
            try (TasksApi tasks = save != null ? new RecordingTasksApi(new ElasticsearchTasksApi(cluster.getKey()))
                    : clients.apply(cluster.getKey())) {
                PassResult result = new GovernancePass(clock).run(cluster.getValue(), tasks);
                if (tasks instanceof RecordingTasksApi recording && recording.lastAnswer() != null) {
                    SavedAnswer.write(save, recording.lastAnswer());
                }
                new ClusterWatch(cluster.getKey().url()).noticesFor(result).forEach(err::println);
                printer.print(result);
                audit.onPass(cluster.getKey(), cluster.getValue(), result);
                exit = Math.max(exit, ClusterWatch.exitCode(result));
            }
        }
        closeAudit(audit, clusters);
        return exit;
    }

    private int runUntilStopped(Map<ClusterConnection, List<CompiledPolicy>> clusters, DecisionPrinter printer,
                                AuditTrails audit) throws InterruptedException {
        // One watch per cluster owns its stderr notices: trouble when it starts, and when it clears.
        Map<ClusterConnection, ClusterWatch> watches = new ConcurrentHashMap<>();
        ClusterPollers pollers = new ClusterPollers(clients, ThreadPassScheduler.perCluster(clock), clock,
                (cluster, governed, result) -> {
                    watches.computeIfAbsent(cluster, c -> new ClusterWatch(c.url())).noticesFor(result)
                            .forEach(err::println);
                    printer.print(result);
                    audit.onPass(cluster, governed, result);
                }, ClusterPoller.CLOSE_WAIT);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pollers.close();
            closeAudit(audit, clusters);
            stopped.countDown();
        }, "shutdown"));
        clusters.forEach((cluster, policies) -> policies.forEach(policy -> pollers.assign(policy, cluster)));
        err.println("governing " + clusters.size() + " cluster(s); stop with Ctrl-C");
        stopped.await();
        return ExitCode.OK;
    }
}
