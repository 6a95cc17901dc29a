package io.taskgovernor.reconcile;

import java.util.List;

/** Where a policy stands before its cluster is looked at. */
public sealed interface PolicyState {
    record Invalid(List<String> problems) implements PolicyState {}

    record CredentialsProblem(String message) implements PolicyState {}

    record Suspended() implements PolicyState {}

    /** Valid, credentials resolved, assigned to its cluster's poller. */
    record Active() implements PolicyState {}
}
