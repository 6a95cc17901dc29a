package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PolicyKeyTest {
    @Test
    void readsAsNamespaceSlashNameOrTheNameAlone() {
        assertThat(new PolicyKey("search", "runaway")).hasToString("search/runaway");
        assertThat(new PolicyKey(null, "runaway")).hasToString("runaway");
        assertThat(new PolicyKey("", "runaway")).as("an empty namespace is none").isEqualTo(new PolicyKey(null, "runaway"));
    }

    @Test
    void ordersAsItsTextSoThePolicyOrderUsersSeeIsTheActingOrder() {
        // "a-b/y" < "a/x" as text ('-' sorts before '/'), although namespace "a" < "a-b".
        List<PolicyKey> sorted = Stream.of(new PolicyKey("a", "x"), new PolicyKey(null, "b"), new PolicyKey("a-b", "y"))
                .sorted().toList();
        assertThat(sorted).extracting(PolicyKey::toString).containsExactly("a-b/y", "a/x", "b");
    }

    @Test
    void aClusterTaskPolicysKeyNeverEqualsNorReadsLikeATaskPolicysKey() {
        PolicyKey cluster = PolicyKey.clusterScoped("foo");
        List<PolicyKey> taskPolicies = List.of(new PolicyKey(null, "foo"), new PolicyKey("x", "foo"),
                new PolicyKey("clustertaskpolicy", "foo"), new PolicyKey(null, "ClusterTaskPolicy/foo"));

        assertThat(cluster).hasToString("ClusterTaskPolicy/foo");
        assertThat(cluster.namespace()).isNull();
        assertThat(new PolicyKey("ignored", "foo", true)).as("a namespace on a cluster-scoped key is dropped").isEqualTo(cluster);
        assertThat(taskPolicies).doesNotContain(cluster);
        // The last one is no Kubernetes name (upper case, '/'): only a CLI file could hold it, and it is still another key.
        assertThat(taskPolicies.subList(0, 3)).extracting(PolicyKey::toString).doesNotContain(cluster.toString());
        assertThat(cluster.describe()).isEqualTo("ClusterTaskPolicy foo");
        assertThat(new PolicyKey("x", "foo").describe()).isEqualTo("TaskPolicy x/foo");
        assertThat(GovernorOpaqueId.of(cluster)).isEqualTo("task-governor/ClusterTaskPolicy/foo");
    }

    @Test
    void clusterTaskPoliciesActBeforeTaskPoliciesWhateverTheirNames() {
        // As text "0-apps/x" < "ClusterTaskPolicy/z" < "apps/y": the kind decides first.
        List<PolicyKey> sorted = Stream.of(new PolicyKey("apps", "y"), PolicyKey.clusterScoped("z"),
                new PolicyKey("0-apps", "x"), PolicyKey.clusterScoped("a")).sorted().toList();
        assertThat(sorted).extracting(PolicyKey::toString)
                .containsExactly("ClusterTaskPolicy/a", "ClusterTaskPolicy/z", "0-apps/x", "apps/y");
    }
}
