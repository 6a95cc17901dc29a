package io.taskgovernor.enforce;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.NodeFailure;
import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.policy.PolicyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionMemoryTest {
    private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");
    private final DecisionMemory memory = new DecisionMemory();

    private static Decision decision(RunningTask task, String rule, Outcome outcome) {
        return new Decision(new PolicyKey(null, "p"), rule, task, Duration.ofSeconds(10), Duration.ofSeconds(1), outcome, null, NOW,
                null, null);
    }

    private static TaskListing listing(RunningTask... tasks) {
        return new TaskListing(NOW, List.of(tasks), List.of());
    }

    @Test
    void aDecisionWhereNothingWasSentIsReportedOnceWhileTheTaskStaysListed() {
        RunningTask hotThreads = task("n:1").notCancellable().build();
        RunningTask search = task("n:2").build();
        for (int pass = 0; pass < 20; pass++) {
            memory.keepListed(listing(hotThreads, search));
            List<Decision> first = memory.firstTimes(List.of(
                    decision(hotThreads, "r", Outcome.NOT_CANCELLABLE), decision(search, "r", Outcome.DRY_RUN)));
            assertThat(first).as("pass %d", pass).hasSize(pass == 0 ? 2 : 0);
        }
    }

    @Test
    void failedCancelsAreRetriedAndReportedEachTime() {
        RunningTask search = task("n:2").build();
        for (int pass = 0; pass < 3; pass++) {
            memory.keepListed(listing(search));
            assertThat(memory.firstTimes(List.of(decision(search, "r", Outcome.FAILED)))).hasSize(1);
        }
        assertThat(memory.size()).isZero();
    }

    @Test
    void anotherRuleOrOutcomeOnTheSameTaskIsANewDecision() {
        RunningTask search = task("n:2").build();
        memory.firstTimes(List.of(decision(search, "r", Outcome.DRY_RUN)));

        assertThat(memory.firstTimes(List.of(decision(search, "other", Outcome.DRY_RUN),
                decision(search, "r", Outcome.NOT_CANCELLABLE)))).hasSize(2);
    }

    @Test
    void aTaskGoneFromTheListingIsForgotten_unlessItsNodeDidNotAnswer() {
        RunningTask onA = task("a:1").build();
        RunningTask onB = task("b:1").build();
        memory.firstTimes(List.of(decision(onA, "r", Outcome.DRY_RUN), decision(onB, "r", Outcome.DRY_RUN)));

        memory.keepListed(new TaskListing(NOW, List.of(), List.of(new NodeFailure("b", "failed_node_exception", null))));

        assertThat(memory.firstTimes(List.of(decision(onA, "r", Outcome.DRY_RUN), decision(onB, "r", Outcome.DRY_RUN))))
                .extracting(d -> d.task().id()).containsExactly("a:1");
    }

    @Test
    void anIdARestartedNodeHandsOutAgainIsANewTask() {
        RunningTask before = task("n:7").build();
        RunningTask after = new RunningTask("n:7", "n", "es-0", before.action(), before.type(), null,
                before.startTimeMillis() + 60_000, before.runningTimeNanos(), true, false, null, before.headers());
        memory.firstTimes(List.of(decision(before, "r", Outcome.DRY_RUN)));

        memory.keepListed(listing(after));

        assertThat(memory.firstTimes(List.of(decision(after, "r", Outcome.DRY_RUN)))).hasSize(1);
    }

    @Test
    void theMemoryIsBounded_theOldestIsForgottenFirst() {
        List<Decision> many = new ArrayList<>();
        for (int i = 0; i <= DecisionMemory.CAPACITY; i++) {
            many.add(decision(task("n:" + i).build(), "r", Outcome.DRY_RUN));
        }
        assertThat(memory.firstTimes(many)).hasSize(DecisionMemory.CAPACITY + 1);

        assertThat(memory.size()).isEqualTo(DecisionMemory.CAPACITY);
        assertThat(memory.firstTimes(List.of(many.get(0)))).as("the oldest, forgotten").hasSize(1);
        assertThat(memory.firstTimes(List.of(many.get(DecisionMemory.CAPACITY)))).as("the newest, kept").isEmpty();
    }
}
