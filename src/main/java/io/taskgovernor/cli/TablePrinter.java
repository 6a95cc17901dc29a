package io.taskgovernor.cli;

import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.enforce.PolicyResult;
import io.taskgovernor.policy.DurationFormat;
import io.taskgovernor.policy.Evaluation;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A human-readable line per decision, and a summary per policy when there is something to say. */
final class TablePrinter implements DecisionPrinter {
    private static final String ROW = "%-8s  %-32s  %-28s  %-16s  %-34s  %9s  %-20s  %s%n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final boolean verbose;
    private boolean headerPrinted;

    TablePrinter(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    @Override
    public synchronized void print(PassResult result) {
        for (PolicyResult policy : result.policies()) {
            Evaluation e = policy.evaluation();
            if (verbose || e.violations() > 0 || !e.lingering().isEmpty()) {
                out.printf("%s policy %s: %d governed task(s), %d violation(s), %d deferred by maxPerRun, %d lingering after cancel%n",
                        TIME.format(result.finishedAt()), policy.policy().key(), e.governed(), e.violations(),
                        e.deferred().size(), e.lingering().size());
            }
            for (Decision d : policy.decisions()) {
                if (!headerPrinted) {
                    out.printf(ROW, "TIME", "POLICY/RULE", "TASK", "NODE", "ACTION", "RUNNING", "OPAQUE-ID", "OUTCOME");
                    headerPrinted = true;
                }
                out.printf(ROW, TIME.format(d.decidedAt()), d.policy() + "/" + d.rule(), d.task().id(),
                        d.task().nodeLabel(),
                        d.task().action(), DurationFormat.format(Duration.ofMillis(d.task().runningTimeMillis())),
                        d.task().opaqueId() == null ? "-" : d.task().opaqueId(),
                        d.outcome() + (d.reason() == null ? "" : " (" + d.reason() + ")"));
            }
        }
        out.flush();
    }
}
