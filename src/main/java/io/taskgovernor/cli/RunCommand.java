package io.taskgovernor.cli;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.elasticsearch.NodeFailure;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.enforce.ClusterPoller;
import io.taskgovernor.enforce.GovernancePass;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.enforce.PolicyResult;
import io.taskgovernor.policy.CompiledPolicy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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

    @Mixin
    ConnectionOptions connection;

    PrintStream out = System.out;
    PrintStream err = System.err;
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws InterruptedException {
        PolicyFiles.Loaded loaded = PolicyFiles.load(paths);
        if (!loaded.valid()) {
            loaded.problems().forEach(err::println);
            return ExitCode.INVALID_INPUT;
        }
        List<CompiledPolicy> active = new ArrayList<>();
        for (CompiledPolicy policy : loaded.policies()) {
            if (policy.suspended()) {
                err.println("policy " + policy.key() + " is suspended: skipped");
            } else {
                active.add(dryRun ? policy.asDryRun() : policy);
            }
        }
        if (active.isEmpty()) {
            err.println("every policy is suspended: nothing to do");
            return ExitCode.OK;
        }
        active.stream().filter(p -> p.cluster().credentialsSecret() != null || p.cluster().caSecretName() != null)
                .findFirst().ifPresent(p -> err.println("note: policy " + p.key() + " names Kubernetes Secrets, which only "
                        + "the operator reads; here credentials come from --username/--password-file, --api-key-file or "
                        + "ES_* variables, and a CA from --ca-file"));
        Map<ClusterConnection, List<CompiledPolicy>> clusters = ClusterGroups.of(active, connection);
        DecisionPrinter printer = DecisionPrinter.of(output, out, verbose || once);
        return once ? runOnce(clusters, printer) : runUntilStopped(clusters, printer);
    }

    private int runOnce(Map<ClusterConnection, List<CompiledPolicy>> clusters, DecisionPrinter printer) {
        int exit = ExitCode.OK;
        for (Map.Entry<ClusterConnection, List<CompiledPolicy>> cluster : clusters.entrySet()) {
            try (TasksApi tasks = new ElasticsearchTasksApi(cluster.getKey())) {
                PassResult result = new GovernancePass(clock).run(cluster.getValue(), tasks);
                reportTrouble(cluster.getKey(), result);
                printer.print(result);
                exit = Math.max(exit, ClusterTrouble.exitCode(result.failure()));
            }
        }
        return exit;
    }

    private int runUntilStopped(Map<ClusterConnection, List<CompiledPolicy>> clusters, DecisionPrinter printer)
            throws InterruptedException {
        List<ClusterPoller> pollers = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pollers.forEach(ClusterPoller::close);
            stopped.countDown();
        }, "shutdown"));
        for (Map.Entry<ClusterConnection, List<CompiledPolicy>> cluster : clusters.entrySet()) {
            ClusterConnection key = cluster.getKey();
            AtomicBoolean failing = new AtomicBoolean();
            ClusterPoller poller = new ClusterPoller(key.url().toString(), new ElasticsearchTasksApi(key), result -> {
                // Every failed pass is reported; the first good one after them says so too.
                if (failing.getAndSet(result.failure() != null) && result.failure() == null) {
                    err.println("cluster " + key.url() + " is reachable again");
                }
                reportTrouble(key, result);
                printer.print(result);
            }, clock);
            pollers.add(poller);
            poller.update(cluster.getValue());
        }
        err.println("governing " + clusters.size() + " cluster(s); stop with Ctrl-C");
        stopped.await();
        return ExitCode.OK;
    }

    private void reportTrouble(ClusterConnection cluster, PassResult result) {
        if (result.failure() != null) {
            err.println("cluster " + cluster.url() + ": " + ClusterTrouble.describe(result.failure()));
            return;
        }
        for (NodeFailure failure : result.listing().nodeFailures()) {
            err.println("cluster " + cluster.url() + ": incomplete listing, " + failure);
        }
        for (PolicyResult policy : result.policies()) {
            policy.warnings().forEach(w -> err.println("policy " + policy.policy().key() + ": " + w));
        }
    }
}
