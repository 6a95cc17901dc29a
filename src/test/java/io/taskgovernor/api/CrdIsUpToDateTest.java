package io.taskgovernor.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.taskgovernor.testing.OperatorHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The committed CRDs are what users apply; they must be the ones the model generates. */
class CrdIsUpToDateTest {
    private static final String TASK_POLICIES = "taskpolicies.taskgovernor.io";
    private static final String CLUSTER_TASK_POLICIES = "clustertaskpolicies.taskgovernor.io";

    private static Path committed(String crdName) {
        return Path.of("crds", crdName + "-v1.yml");
    }

    private static CustomResourceDefinition read(String crdName) throws IOException {
        return Serialization.unmarshal(Files.readString(committed(crdName)), CustomResourceDefinition.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {TASK_POLICIES, CLUSTER_TASK_POLICIES})
    void committedCrdMatchesTheGeneratedOne(String crdName) throws IOException {
        String generated = Files.readString(OperatorHarness.crdFile(crdName));
        assertThat(Files.readString(committed(crdName)))
                .as("crds/ is out of date: run `mvn -B process-classes && cp %s crds/` and commit", OperatorHarness.crdFile(crdName))
                .isEqualTo(generated);
    }

    @Test
    void crdHasStatusSubresourceShortNameAndReadyColumn() throws IOException {
        CustomResourceDefinition crd = read(TASK_POLICIES);
        var version = crd.getSpec().getVersions().get(0);
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("tp");
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getAdditionalPrinterColumns()).extracting(c -> c.getName())
                .contains("Cluster", "Interval", "Rules", "Cancelled", "Last Run", "Ready", "Age");
        var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertThat(spec.getRequired()).contains("elasticsearch", "rules");
        assertThat(spec.getProperties().get("rules").getXKubernetesValidations()).isNotEmpty();
    }

    /** `kubectl get ctp` shows what `kubectl get tp` shows, and both kinds accept and report the same. */
    @Test
    void clusterTaskPolicyIsClusterScopedWithTaskPolicysSchemaAndColumns() throws IOException {
        CustomResourceDefinition namespaced = read(TASK_POLICIES);
        CustomResourceDefinition cluster = read(CLUSTER_TASK_POLICIES);
        assertThat(cluster.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(cluster.getSpec().getGroup()).isEqualTo(namespaced.getSpec().getGroup());
        assertThat(cluster.getSpec().getNames().getKind()).isEqualTo("ClusterTaskPolicy");
        assertThat(cluster.getSpec().getNames().getShortNames()).containsExactly("ctp");
        var clusterVersion = cluster.getSpec().getVersions().get(0);
        var namespacedVersion = namespaced.getSpec().getVersions().get(0);
        assertThat(clusterVersion.getName()).isEqualTo(namespacedVersion.getName());
        assertThat(clusterVersion.getSubresources()).isEqualTo(namespacedVersion.getSubresources());
        assertThat(clusterVersion.getAdditionalPrinterColumns()).isEqualTo(namespacedVersion.getAdditionalPrinterColumns());
        assertThat(clusterVersion.getSchema()).isEqualTo(namespacedVersion.getSchema());
    }
}
