package io.taskgovernor.cli;

import io.taskgovernor.enforce.PassResult;

/** Writes what passes did, in the format the user chose. */
interface DecisionPrinter {
    void print(PassResult result);

    static DecisionPrinter of(OutputFormat format, java.io.PrintStream out, boolean verbose) {
        return format == OutputFormat.json ? new JsonLinesPrinter(out) : new TablePrinter(out, verbose);
    }

    enum OutputFormat { table, json }
}
