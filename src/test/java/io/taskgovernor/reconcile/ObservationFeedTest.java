package io.taskgovernor.reconcile;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.enforce.GovernancePass;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.PolicyKey;
import io.taskgovernor.testing.FakeTasksApi;
import io.taskgovernor.testing.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ObservationFeedTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final ClusterConnection CLUSTER = new ClusterConnection(URI.create("http://es-a:9200"),
            ClusterCredentials.NONE, null, Duration.ofSeconds(10));

    private final ManualClock clock = new ManualClock(T0);
    private final FakeTasksApi cluster = new FakeTasksApi();
    private final PassLedger ledger = new PassLedger();
    private final List<PolicyKey> woken = new CopyOnWriteArrayList<>();
    private final ObservationFeed feed = new ObservationFeed(ledger, woken::add);
    private final CompiledPolicy searches = policy("searches")
            .rule(rule("s", Duration.ofSeconds(30), "indices:data/read/search*").build()).build();
    private final CompiledPolicy reindex = policy("reindex")
            .rule(rule("r", Duration.ofMinutes(30), "indices:data/write/reindex").build()).build();

    @Test
    void aPassRecordsWhatEachPolicyDecidedAndWakesEach() {
        cluster.listing(() -> new TaskListing(T0, List.of(task("n:1").runningSeconds(40).build()), List.of()));
        PassResult result = new GovernancePass(clock).run(List.of(searches, reindex), cluster);

        feed.onPass(CLUSTER, List.of(searches, reindex), result);

        assertThat(ledger.drain(searches.key()).newDecisions()).extracting(d -> d.task().id()).containsExactly("n:1");
        PassLedger.Snapshot quiet = ledger.drain(reindex.key());
        assertThat(quiet.latest().evaluation()).isNotNull();
        assertThat(quiet.newDecisions()).isEmpty();
        assertThat(woken).containsExactlyInAnyOrder(searches.key(), reindex.key());
    }

    @Test
    void aFailedPassIsSharedByEveryPolicyItRanFor() {
        cluster.listing(() -> {
            throw new ClusterUnavailableException("list tasks: connection refused", null);
        });
        PassResult result = new GovernancePass(clock).run(List.of(searches, reindex), cluster);

        feed.onPass(CLUSTER, List.of(searches, reindex), result);

        for (PolicyKey key : List.of(searches.key(), reindex.key())) {
            PolicyObservation latest = ledger.drain(key).latest();
            assertThat(latest.evaluation()).isNull();
            assertThat(latest.failure()).hasMessageContaining("connection refused");
        }
        assertThat(woken).containsExactlyInAnyOrder(searches.key(), reindex.key());
    }

    @Test
    void aPassWithNothingNewWakesNobodyUntilAMinuteHasPassed() {
        cluster.listing(() -> new TaskListing(clock.instant(), List.of(task("n:2").runningSeconds(5).build()), List.of()));
        feed.onPass(CLUSTER, List.of(searches), new GovernancePass(clock).run(List.of(searches), cluster));
        assertThat(woken).containsExactly(searches.key());

        clock.advance(Duration.ofSeconds(30));
        feed.onPass(CLUSTER, List.of(searches), new GovernancePass(clock).run(List.of(searches), cluster));
        assertThat(woken).as("same counts, no decision").containsExactly(searches.key());
        assertThat(ledger.drain(searches.key()).latest().time()).as("the ledger still has the latest pass")
                .isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(30));
        feed.onPass(CLUSTER, List.of(searches), new GovernancePass(clock).run(List.of(searches), cluster));
        assertThat(woken).as("a minute after the last wake: lastEvaluationTime moves on")
                .containsExactly(searches.key(), searches.key());
    }

    @Test
    void aChangeInCountsOrAFailureWakes() {
        cluster.listing(() -> new TaskListing(clock.instant(), List.of(task("n:2").runningSeconds(5).build()), List.of()));
        feed.onPass(CLUSTER, List.of(searches), new GovernancePass(clock).run(List.of(searches), cluster));
        cluster.listing(() -> new TaskListing(clock.instant(), List.of(), List.of()));
        clock.advance(Duration.ofSeconds(1));
        feed.onPass(CLUSTER, List.of(searches), new GovernancePass(clock).run(List.of(searches), cluster));
        assertThat(woken).as("1 governed task, then none").hasSize(2);

        cluster.listing(() -> {
            throw new ClusterUnavailableException("list tasks: connection refused", null);
        });
        clock.advance(Duration.ofSeconds(1));
        feed.onPass(CLUSTER, List.of(searches), new GovernancePass(clock).run(List.of(searches), cluster));
        clock.advance(Duration.ofSeconds(1));
        feed.onPass(CLUSTER, List.of(searches), new GovernancePass(clock).run(List.of(searches), cluster));
        assertThat(woken).as("the failure wakes once, not on each failed pass").hasSize(3);
    }
}
