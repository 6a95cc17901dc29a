package io.taskgovernor.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.taskgovernor.testing.OperatorHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed CRD is what users apply; it must be the one the model generates. */
class CrdIsUpToDateTest {
    private static final Path COMMITTED = Path.of("crds", "taskpolicies.taskgovernor.io-v1.yml");

    @Test
    void committedCrdMatchesTheGeneratedOne() throws IOException {
        String generated = Files.readString(OperatorHarness.crdFile());
        String committed = Files.readString(COMMITTED);
        assertThat(committed)
                .as("crds/ is out of date: run `mvn -B process-classes && cp %s crds/` and commit", OperatorHarness.crdFile())
                .isEqualTo(generated);
    }

    @Test
    void crdHasStatusSubresourceShortNameAndReadyColumn() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
        var version = crd.getSpec().getVersions().get(0);
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("tp");
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getAdditionalPrinterColumns()).extracting(c -> c.getName())
                .contains("Cluster", "Interval", "Rules", "Cancelled", "Last Run", "Ready", "Age");
        var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertThat(spec.getRequired()).contains("elasticsearch", "rules");
        assertThat(spec.getProperties().get("rules").getXKubernetesValidations()).isNotEmpty();
    }
}
