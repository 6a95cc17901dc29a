package io.taskgovernor.policy;

import java.util.List;
import java.util.stream.Collectors;

/** The policy cannot be enforced as written. Retrying will not help: only a new spec will. */
public class InvalidPolicyException extends Exception {
    private final List<PolicyProblem> problems;

    public InvalidPolicyException(List<PolicyProblem> problems) {
        super(problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
