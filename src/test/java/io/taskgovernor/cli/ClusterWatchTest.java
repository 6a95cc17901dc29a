package io.taskgovernor.cli;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ElasticsearchError;
import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.enforce.GovernancePass;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.testing.FakeTasksApi;
import io.taskgovernor.testing.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What continuous `run` prints on stderr, pass after pass, for one cluster. */
class ClusterWatchTest {
    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    private final ManualClock clock = new ManualClock(NOW);
    private final FakeTasksApi cluster = new FakeTasksApi();
    private final CompiledPolicy searches = policy("searches")
            .rule(rule("s", Duration.ofSeconds(10), "indices:data/read/search*").build()).build();
    private final ClusterWatch watch = new ClusterWatch(URI.create("http://es:9200"));

    private List<String> pass() {
        return watch.noticesFor(new GovernancePass(clock).run(List.of(searches), cluster));
    }

    private void refuseCancels() {
        cluster.onCancel("n:1", () -> {
            throw RunCommandTest.refused();
        });
    }

    @Test
    void aRefusedCancelIsSaidWhenItStartsAndWhenItClearsNotOnEveryPass() {
        cluster.listing(() -> new TaskListing(NOW, List.of(task("n:1").runningSeconds(40).build()), List.of()));
        List<List<String>> passes = new ArrayList<>();
        refuseCancels();
        passes.add(pass());
        passes.add(pass());
        cluster.listing(() -> new TaskListing(NOW, List.of(), List.of()));
        passes.add(pass()); // nothing to cancel: nothing shows the privilege came back
        cluster.listing(() -> new TaskListing(NOW, List.of(task("n:1").runningSeconds(40).build()), List.of()));
        cluster.onCancel("n:1", CancelResult::accepted);
        passes.add(pass());
        passes.add(pass());

        assertThat(passes.get(0)).singleElement().satisfies(line -> assertThat(line)
                .startsWith("cluster http://es:9200: ").contains("cluster privilege cancel_task").contains("HTTP 403"));
        assertThat(passes.get(1)).isEmpty();
        assertThat(passes.get(2)).isEmpty();
        assertThat(passes.get(3)).containsExactly("cluster http://es:9200: cancels are accepted again");
        assertThat(passes.get(4)).isEmpty();
    }

    @Test
    void everyFailedListingIsSaidAndTheFirstGoodPassAfterThem() {
        cluster.listing(() -> {
            throw new ClusterUnavailableException("list tasks on http://es:9200: ConnectException: refused", null);
        });
        List<String> first = pass();
        List<String> second = pass();
        cluster.listing(() -> new TaskListing(NOW, List.of(), List.of()));

        assertThat(first).singleElement().satisfies(l -> assertThat(l).contains("unavailable").contains("refused"));
        assertThat(second).hasSize(1);
        assertThat(pass()).containsExactly("cluster http://es:9200 is reachable again");
        assertThat(pass()).isEmpty();
    }

    @Test
    void exitCodesOfOnePass() {
        cluster.listing(() -> new TaskListing(NOW, List.of(task("n:1").runningSeconds(40).build()), List.of()));
        PassResult accepted = new GovernancePass(clock).run(List.of(searches), cluster);
        refuseCancels();
        PassResult refused = new GovernancePass(clock).run(List.of(searches), cluster);
        cluster.listing(() -> {
            throw new ElasticsearchError("list tasks on http://es:9200", 401, null, null);
        });
        PassResult unauthenticated = new GovernancePass(clock).run(List.of(searches), cluster);

        assertThat(ClusterWatch.exitCode(accepted)).isEqualTo(ExitCode.OK);
        assertThat(ClusterWatch.exitCode(refused)).isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(ClusterWatch.exitCode(unauthenticated)).isEqualTo(ExitCode.UNAUTHORIZED);
    }
}
