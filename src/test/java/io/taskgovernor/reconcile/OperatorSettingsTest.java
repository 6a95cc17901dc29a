package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
    void withoutANamespaceToHoldTheLeaseThereIsNoLeaderElection() {
        assertThat(OperatorSettings.fromEnvironment(Map.of()).leaderElection()).isFalse();
    }
}
