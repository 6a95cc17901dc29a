package io.taskgovernor.policy;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.testing.KibanaOpaqueIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped {@code examples/runaway-searches.yaml} promises to spare Kibana's own background work: its exclusions are
 * checked here against X-Opaque-Id values shaped as Kibana writes them (see {@link KibanaOpaqueIds}).
 */
class KibanaExclusionExampleTest {
    private static final Path EXAMPLE = Path.of("examples/runaway-searches.yaml");

    @ParameterizedTest(name = "{0} governed: {1}")
    @CsvSource({
            "ALERTING_ES_QUERY_RULE, false",
            "ALERTING_INDEX_THRESHOLD_RULE, false",
            "REPORTING_CSV_EXPORT, false",
            "DASHBOARD_LENS_PANEL, true",
            "DISCOVER_SAVED_SEARCH, true",
            "DASHBOARD_WITH_ENCODED_ID, true",
    })
    void theExampleSparesKibanaBackgroundWorkAndGovernsWhatPeopleRun(String sample, boolean governed) throws Exception {
        String opaqueId = (String) KibanaOpaqueIds.class.getField(sample).get(null);
        CompiledPolicy policy = example();

        RunningTask search = task("n:1").action("indices:data/read/search").running(Duration.ofMinutes(5))
                .opaqueId(opaqueId).build();
        TaskTree tree = TaskTree.of(new TaskListing(Instant.EPOCH, List.of(search), List.of()));

        var rule = TaskDecider.governingRule(policy, search, tree, ResolvedNodes.NONE);

        assertThat(rule.isPresent()).as(opaqueId).isEqualTo(governed);
    }

    private static CompiledPolicy example() throws IOException, InvalidPolicyException {
        ParsedManifest manifest = PolicyManifestParser.parse(EXAMPLE.toString(), Files.readString(EXAMPLE)).get(0);
        assertThat(manifest.problems()).isEmpty();
        return PolicyCompiler.compile(manifest.policy());
    }
}
