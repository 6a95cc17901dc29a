package io.taskgovernor.enforce;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.InvalidPolicyException;
import io.taskgovernor.policy.PolicyCompiler;
import io.taskgovernor.policy.PolicyManifestParser;
import io.taskgovernor.policy.WildcardPattern;
import io.taskgovernor.testing.KibanaOpaqueIds;
import io.taskgovernor.testing.SharedNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exclusions of {@code examples/runaway-searches.yaml} against X-Opaque-Id headers shaped as Kibana sends them
 * ({@link KibanaOpaqueIds}), sent to a real node: Elasticsearch keeps the header verbatim (URI-encoding included) in the
 * task's headers, and the example's patterns spare alerting and reporting while a dashboard's query is governed.
 * Health waits stand in for searches (the patterns are the example's; only the action differs), because they are
 * cancellable, cheap and last as long as asked.
 */
class KibanaOpaqueIdIT {
    private static final String ALERTING = KibanaOpaqueIds.ownRequest(KibanaOpaqueIds.ALERTING_ES_QUERY_RULE);
    private static final String REPORTING = KibanaOpaqueIds.ownRequest(KibanaOpaqueIds.REPORTING_CSV_EXPORT);
    private static final String DASHBOARD = KibanaOpaqueIds.ownRequest(KibanaOpaqueIds.DASHBOARD_LENS_PANEL);
    private static final String DISCOVER = KibanaOpaqueIds.ownRequest(KibanaOpaqueIds.DISCOVER_SAVED_SEARCH);
    private static final List<String> SENT = List.of(ALERTING, REPORTING, DASHBOARD, DISCOVER);
    private static final Duration MAX_RUNTIME = Duration.ofMillis(300);

    @RegisterExtension
    static final SharedNode SHARED = new SharedNode();

    @Test
    void theExampleSparesKibanaAlertingAndReportingAndGovernsADashboardAndDiscover() throws Exception {
        SENT.forEach(id -> SHARED.runaway().startHealthWait(id, 30));
        // Every task listed with its header as sent, and past the limit, before the pass judges them.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String id : SENT) {
                assertThat(SHARED.runaway().task("cluster:monitor/health", id)).as(id).hasValueSatisfying(t ->
                        assertThat(t.path("running_time_in_nanos").asLong()).isGreaterThan(MAX_RUNTIME.toNanos() * 2));
            }
        });

        PolicyResult result = new GovernancePass(Clock.systemUTC()).run(List.of(examplesExclusionsOnHealthWaits()), SHARED.tasks())
                .policies().get(0);

        assertThat(result.decisions()).extracting(d -> d.task().opaqueId()).containsExactlyInAnyOrder(DASHBOARD, DISCOVER);
        assertThat(result.decisions()).allSatisfy(d -> assertThat(d.outcome()).isEqualTo(Outcome.CANCEL_REQUESTED));
        for (String spared : List.of(ALERTING, REPORTING)) {
            assertThat(SHARED.runaway().task("cluster:monitor/health", spared)).as(spared)
                    .hasValueSatisfying(t -> assertThat(t.path("cancelled").asBoolean()).isFalse());
        }
    }

    /** The example's exclusions, on health waits with Kibana-shaped ids only (the node is shared with other ITs). */
    private static CompiledPolicy examplesExclusionsOnHealthWaits() throws IOException, InvalidPolicyException {
        Path example = Path.of("examples/runaway-searches.yaml");
        CompiledPolicy shipped = PolicyCompiler.compile(
                PolicyManifestParser.parse(example.toString(), Files.readString(example)).get(0).policy());
        String[] excludes = shipped.rules().get(0).excludeOpaqueIds().stream().map(WildcardPattern::pattern)
                .toArray(String[]::new);
        assertThat(excludes).isNotEmpty();
        return policy("kibana").rule(rule("health", MAX_RUNTIME, "cluster:monitor/health")
                .opaqueIds("*;kibana:*").excludeOpaqueIds(excludes).build()).build();
    }
}
