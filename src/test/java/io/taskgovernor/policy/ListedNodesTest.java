package io.taskgovernor.policy;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.TaskListing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListedNodesTest {
    private static final TaskListing SAVED = new TaskListing(Instant.EPOCH, List.of(
            task("hotId:1").nodeName("es-hot").build(),
            task("warmId:1").nodeName("es-warm").build()), List.of());

    private static CompiledPolicy withNodes(String... nodes) {
        return policy("p").rule(rule("r", Duration.ofSeconds(1), "*").nodes(nodes).build()).build();
    }

    @Test
    void namesIdsAndAllAreResolvedFromTheListedNodes() {
        ListedNodes listed = ListedNodes.of(SAVED);

        assertThat(listed.resolve(List.of(withNodes("es-warm"))).idsBySpec()).containsEntry("es-warm", Set.of("warmId"));
        assertThat(listed.resolve(List.of(withNodes("hotId", "es-warm"))).idsBySpec())
                .containsEntry("hotId,es-warm", Set.of("hotId", "warmId"));
        assertThat(listed.resolve(List.of(withNodes("_all"))).idsBySpec()).containsEntry("_all", Set.of("hotId", "warmId"));
        assertThat(listed.warnings(withNodes("es-warm"))).isEmpty();
    }

    @Test
    void patternsAttributesRolesAndUnlistedNamesAreNotGuessedAndSaidSo() {
        ListedNodes listed = ListedNodes.of(SAVED);
        for (String spec : List.of("es-*", "data_warm:true", "box_type:warm", "_local", "_master", "10.0.0.7", "es-cold")) {
            CompiledPolicy policy = withNodes(spec);
            assertThat(listed.resolve(List.of(policy)).idsBySpec()).as(spec).isEmpty();
            assertThat(listed.warnings(policy)).as(spec).singleElement().asString()
                    .startsWith("rule r: nodes [" + spec + "] cannot be resolved without the cluster")
                    .endsWith("the rule matches no task here");
        }
        assertThat(listed.warnings(withNodes("es-warm", "master:false"))).hasSize(1);
    }
}
