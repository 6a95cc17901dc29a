package io.taskgovernor.reconcile;

import java.util.List;

/** Where a policy stands before its cluster is looked at. */
public sealed interface PolicyState {
    record Invalid(List<String> problems) implements PolicyState {}

    record CredentialsProblem(String message) implements PolicyState {}

    record Suspended() implements PolicyState {}

    /**
     * The policy's {@code elasticsearchRef} cannot be followed now.
     *
     * @param reason        {@link ReadyReason#CrossNamespaceReferenceRefused}, {@link ReadyReason#ElasticsearchNotFound}
     *                      or {@link ReadyReason#CertificateNotFound}
     * @param elasticsearch the referenced resource's health when it exists, else null
     */
    record ReferenceProblem(ReadyReason reason, String message, ElasticsearchHealth elasticsearch) implements PolicyState {}

    /**
     * Valid, credentials resolved, assigned to its cluster's poller.
     *
     * @param elasticsearch the health of the ECK Elasticsearch resource the policy names; null for a policy with a url
     */
    record Active(ElasticsearchHealth elasticsearch) implements PolicyState {
        public Active() {
            this(null);
        }
    }
}
