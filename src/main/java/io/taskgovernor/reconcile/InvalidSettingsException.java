package io.taskgovernor.reconcile;

import java.util.List;

/**
 * The operator's environment holds values it cannot run with. The message is one line naming every
 * variable at fault with its value and what it accepts, e.g.
 * {@code HEALTH_PORT="abc": not a port number (1-65535); LEADER_ELECTION="yes": expected true or false}.
 */
public final class InvalidSettingsException extends RuntimeException {
    private final List<String> problems;

    InvalidSettingsException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One entry per variable at fault, in the order they are read. */
    public List<String> problems() {
        return problems;
    }
}
