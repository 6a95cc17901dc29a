package io.taskgovernor.policy;

import static io.taskgovernor.testing.Evaluations.evaluate;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.TaskListingParser;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tree rule on listings shaped as Elasticsearch writes them for work the test distribution
 * cannot run (async search, sliced reindex, ES|QL) or cannot hold still ({@code _msearch}); the
 * shapes and where they come from are in {@code src/test/resources/listings/README.md}.
 */
class TaskTreeListingsTest {
    private static final Instant OBSERVED = Instant.parse("2026-11-28T12:00:00Z");
    private static final String SEARCH = "indices:data/read/search*";


    private static TaskListing listing(String name) throws IOException {
        try (InputStream in = TaskTreeListingsTest.class.getResourceAsStream("/listings/" + name)) {
            return TaskListingParser.parse(in, OBSERVED);
        }
    }

    private static List<String> ids(List<Violation> violations) {
        return violations.stream().map(v -> v.task().id()).sorted().toList();
    }

    @Test
    void kibanasAsyncSearchWhoseSubmitHasReturnedIsStoppedAndItsShardChildWithIt() throws IOException {
        CompiledPolicy searches = policy("p").rule(rule("s", Duration.ofMinutes(2), SEARCH).build()).build();

        Evaluation evaluation = evaluate(searches, listing("async-search-orphan.json"));

        assertThat(ids(evaluation.toCancel())).containsExactly("oTUltX4IQMOUUVeiohTt8A:4520");
        assertThat(ids(evaluation.covered())).containsExactly("oTUltX4IQMOUUVeiohTt8A:4521");
    }

    @Test
    void anMsearchItemIsStoppedAloneAndItsShardChildrenOnEveryNodeGoWithIt() throws IOException {
        CompiledPolicy searches = policy("p").rule(rule("s", Duration.ofSeconds(3), SEARCH).build()).build();

        Evaluation evaluation = evaluate(searches, listing("msearch.json"));

        assertThat(ids(evaluation.toCancel())).containsExactly("oTUltX4IQMOUUVeiohTt8A:901");
        assertThat(ids(evaluation.covered())).containsExactly("Vq3cXa9tR2iK8m1bZ0yLpw:77", "oTUltX4IQMOUUVeiohTt8A:903");
    }

    @Test
    void aSlicedReindexIsCancelledOnceThroughItsParentAndItsGrandchildrenAreLeftToIt() throws IOException {
        CompiledPolicy everything = policy("p")
                .rule(rule("reindex", Duration.ofMinutes(30), "indices:data/write/reindex").build())
                .rule(rule("all", Duration.ofMillis(100), "*").build()).build();

        Evaluation evaluation = evaluate(everything, listing("reindex-sliced.json"));

        assertThat(ids(evaluation.toCancel())).containsExactly("oTUltX4IQMOUUVeiohTt8A:100");
        // Slices, their scroll and their (not cancellable) bulk requests: all stopped through the parent.
        assertThat(ids(evaluation.covered())).containsExactly("oTUltX4IQMOUUVeiohTt8A:101", "oTUltX4IQMOUUVeiohTt8A:102",
                "oTUltX4IQMOUUVeiohTt8A:5001", "oTUltX4IQMOUUVeiohTt8A:5002", "oTUltX4IQMOUUVeiohTt8A:5003",
                "oTUltX4IQMOUUVeiohTt8A:5004");
        assertThat(evaluation.notCancellable()).isEmpty();
        assertThat(evaluation.governed()).isEqualTo(7);
    }

    @Test
    void anEsqlQueryIsCancelledAtItsRootNotAtItsDataNodeRequestsOrDrivers() throws IOException {
        CompiledPolicy esql = policy("p").rule(rule("esql", Duration.ofMinutes(5), "indices:data/read/esql*").build()).build();

        Evaluation evaluation = evaluate(esql, listing("esql.json"));

        assertThat(ids(evaluation.toCancel())).containsExactly("oTUltX4IQMOUUVeiohTt8A:300");
        assertThat(evaluation.covered()).hasSize(5);
    }

    @Test
    void aRuleOnEsqlDriversAloneStopsTheDriversNotTheQuery() throws IOException {
        CompiledPolicy drivers = policy("p")
                .rule(rule("drivers", Duration.ofMinutes(5), "indices:data/read/esql/compute").build()).build();

        Evaluation evaluation = evaluate(drivers, listing("esql.json"));

        assertThat(ids(evaluation.toCancel())).containsExactly(
                "Vq3cXa9tR2iK8m1bZ0yLpw:41", "oTUltX4IQMOUUVeiohTt8A:301", "oTUltX4IQMOUUVeiohTt8A:303");
    }
}
