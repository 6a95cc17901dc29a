package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorSettingsTest {
    @Test
    void watchesAllNamespacesAndElectsALeaderInItsOwnNamespaceByDefault() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of("POD_NAMESPACE", "task-governor", "POD_NAME", "tg-1"));

        assertThat(settings.namespaces()).isEmpty();
        assertThat(settings.leaderElection()).isTrue();
        assertThat(settings.leaseNamespace()).isEqualTo("task-governor");
        assertThat(settings.leaseName()).isEqualTo("task-governor-leader");
        assertThat(settings.identity()).isEqualTo("tg-1");
        assertThat(settings.healthPort()).isEqualTo(8080);
    }

    @Test
    void readsANamespaceListAndCanTurnLeaderElectionOff() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
                "WATCH_NAMESPACES", "search, logs ,", "LEADER_ELECTION", "false", "HEALTH_PORT", "9090"));

        assertThat(settings.namespaces()).isEqualTo(Set.of("search", "logs"));
        assertThat(settings.leaderElection()).isFalse();
        assertThat(settings.healthPort()).isEqualTo(9090);
    }

    @Test
    void referencesAcrossNamespacesAreRefusedUnlessAllowed() {
        assertThat(OperatorSettings.fromEnvironment(Map.of()).allowCrossNamespaceReferences()).isFalse();
        assertThat(OperatorSettings.fromEnvironment(Map.of("ALLOW_CROSS_NAMESPACE_REFERENCES", " ")).allowCrossNamespaceReferences()).isFalse();
        assertThat(OperatorSettings.fromEnvironment(Map.of("ALLOW_CROSS_NAMESPACE_REFERENCES", "false")).allowCrossNamespaceReferences()).isFalse();
        assertThat(OperatorSettings.fromEnvironment(Map.of("ALLOW_CROSS_NAMESPACE_REFERENCES", "TRUE")).allowCrossNamespaceReferences()).isTrue();
    }

    @Test
    void clusterTaskPoliciesReadTheirSecretsFromTheConfiguredNamespaceOrTheOperatorsOwn() {
        assertThat(OperatorSettings.fromEnvironment(Map.of("POD_NAMESPACE", "task-governor")).clusterResourceNamespace())
                .isEqualTo("task-governor");
        assertThat(OperatorSettings.fromEnvironment(Map.of("POD_NAMESPACE", "task-governor",
                "CLUSTER_RESOURCE_NAMESPACE", " platform-secrets ")).clusterResourceNamespace()).isEqualTo("platform-secrets");
        assertThat(OperatorSettings.fromEnvironment(Map.of()).clusterResourceNamespace()).as("outside a pod: none").isNull();
    }

    @Test
    void clusterTaskPoliciesAreGovernedOnlyByAnOperatorWatchingAllNamespaces() {
        assertThat(OperatorSettings.fromEnvironment(Map.of()).governsClusterPolicies()).isTrue();
        assertThat(OperatorSettings.fromEnvironment(Map.of("WATCH_NAMESPACES", "*")).governsClusterPolicies()).isTrue();
        assertThat(OperatorSettings.fromEnvironment(Map.of("WATCH_NAMESPACES", "search")).governsClusterPolicies()).isFalse();
    }

    @Test
    void withoutANamespaceToHoldTheLeaseThereIsNoLeaderElection() {
        assertThat(OperatorSettings.fromEnvironment(Map.of()).leaderElection()).isFalse();
    }

    @Test
    void blankValuesCountAsUnsetAndStarWatchesAll() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
                "WATCH_NAMESPACES", "*", "LEASE_NAME", " ", "HEALTH_PORT", "", "POD_NAMESPACE", "tg", "LEADER_ELECTION", "TRUE"));

        assertThat(settings.namespaces()).isEmpty();
        assertThat(settings.leaseName()).isEqualTo("task-governor-leader");
        assertThat(settings.healthPort()).isEqualTo(8080);
        assertThat(settings.leaderElection()).isTrue();
    }

    /** Each variable the operator reads, with a value it cannot run with: the message names it and says what fits. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "HEALTH_PORT      | abc              | HEALTH_PORT=\"abc\": not a port number (1-65535)",
            "HEALTH_PORT      | 70000            | HEALTH_PORT=\"70000\": not a port number (1-65535)",
            "HEALTH_PORT      | 0                | HEALTH_PORT=\"0\": not a port number (1-65535)",
            "WATCH_NAMESPACES | search,Logs      | WATCH_NAMESPACES=\"search,Logs\": \"Logs\" is not a namespace name",
            "WATCH_NAMESPACES | search/logs      | WATCH_NAMESPACES=\"search/logs\": \"search/logs\" is not a namespace name",
            "WATCH_NAMESPACES | search,*         | WATCH_NAMESPACES=\"search,*\": \"*\" means all namespaces and cannot be combined",
            "LEADER_ELECTION  | yes              | LEADER_ELECTION=\"yes\": expected true or false",
            "ALLOW_CROSS_NAMESPACE_REFERENCES | 1 | ALLOW_CROSS_NAMESPACE_REFERENCES=\"1\": expected true or false",
            "LEASE_NAME       | Task_Leader      | LEASE_NAME=\"Task_Leader\": not a Kubernetes object name",
            "POD_NAMESPACE    | Task-Governor    | POD_NAMESPACE=\"Task-Governor\": not a namespace name",
            "POD_NAME         | tg 1             | POD_NAME=\"tg 1\": not a Kubernetes object name",
            "CLUSTER_RESOURCE_NAMESPACE | Governor | CLUSTER_RESOURCE_NAMESPACE=\"Governor\": not a namespace name",
            "POLICY_SELECTOR  | shard=a,         | POLICY_SELECTOR=\"shard=a,\": a requirement is empty (a trailing or doubled comma?)",
            "POLICY_SELECTOR  | shard in (a      | POLICY_SELECTOR=\"shard in (a\": the list of values for \"shard\" is not closed",
            "POLICY_SELECTOR  | shard in a       | POLICY_SELECTOR=\"shard in a\": \"in\" and \"notin\" after \"shard\" need a list",
            "POLICY_SELECTOR  | shard=a b        | POLICY_SELECTOR=\"shard=a b\": unexpected \"b\" at position 9",
            "POLICY_SELECTOR  | -shard=a         | POLICY_SELECTOR=\"-shard=a\": \"-shard\" is not a label key",
            "POLICY_SELECTOR  | Example.com/s=a  | POLICY_SELECTOR=\"Example.com/s=a\": \"Example.com/s\": the prefix before '/' must be a DNS subdomain",
            "POLICY_SELECTOR  | shard=a/b        | POLICY_SELECTOR=\"shard=a/b\": \"a/b\" (for \"shard\") is not a label value",
            "POLICY_SELECTOR  | size>big         | POLICY_SELECTOR=\"size>big\": \"size\" compared with \"big\": > and < take an integer",
    })
    void aBadValueNamesItsVariableAndWhatItAccepts(String variable, String value, String expected) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("POD_NAMESPACE", "task-governor", "POD_NAME", "tg-1"));
        if (variable.equals("POLICY_SELECTOR")) {
            env.put("LEASE_NAME", "task-governor-shard");
        }
        env.put(variable, value);

        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(env))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageStartingWith(expected)
                .satisfies(e -> assertThat(((InvalidSettingsException) e).problems()).hasSize(1));
    }

    /** Every form `kubectl get -l` accepts; the operator passes the text on as it is. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "governor-shard=a", "governor-shard==a", "governor-shard!=a", "governor-shard", "!governor-shard",
            "governor-shard in (a, b)", "governor-shard notin (a,b),tier=gold", " team = search , !legacy ",
            "taskgovernor.io/shard=eu-1", "shard=", "priority>3", "priority<-1", "shard in ()"})
    void acceptsEveryLabelSelectorForm(String selector) {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
                "POLICY_SELECTOR", selector, "LEASE_NAME", "task-governor-shard", "POD_NAMESPACE", "task-governor"));

        assertThat(settings.policySelector().expression()).isEqualTo(selector.trim());
        assertThat(settings.leaseName()).isEqualTo("task-governor-shard");
    }

    @Test
    void withoutASelectorEveryPolicyIsGoverned() {
        assertThat(OperatorSettings.fromEnvironment(Map.of("POLICY_SELECTOR", " ")).policySelector()).isNull();
    }

    @Test
    void aShardWithLeaderElectionNeedsItsOwnLeaseName() {
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of(
                "POLICY_SELECTOR", "governor-shard=a", "POD_NAMESPACE", "task-governor")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("POLICY_SELECTOR needs its own LEASE_NAME (one Lease per shard; two shards on one"
                        + " Lease would leave all but one shard's policies ungoverned)");
        // Without leader election (one replica per shard) there is no Lease to share.
        assertThat(OperatorSettings.fromEnvironment(Map.of("POLICY_SELECTOR", "governor-shard=a")).policySelector())
                .isEqualTo(new PolicySelector("governor-shard=a"));
    }

    @Test
    void everyBadVariableIsReportedAtOnceOnOneLine() {
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of(
                "HEALTH_PORT", "abc", "LEADER_ELECTION", "yes", "POD_NAME", "tg\n1")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("POD_NAME=\"tg?1\": not a Kubernetes object name (lowercase letters, digits, '-' and '.', at most 253); "
                        + "HEALTH_PORT=\"abc\": not a port number (1-65535); "
                        + "LEADER_ELECTION=\"yes\": expected true or false");
    }

    @Test
    void leaderElectionAskedForWithoutANamespaceForTheLeaseIsRefused() {
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("LEADER_ELECTION", "true")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("LEADER_ELECTION=true needs POD_NAMESPACE (or LEASE_NAMESPACE) to say where the Lease lives");
    }
}
