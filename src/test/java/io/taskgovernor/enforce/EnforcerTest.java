package io.taskgovernor.enforce;

import io.taskgovernor.testing.Evaluations;
import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.AwaitResult;
import io.taskgovernor.elasticsearch.CancelResult;
import io.taskgovernor.elasticsearch.ClusterResponseException;
import io.taskgovernor.elasticsearch.ElasticsearchError;
import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.Evaluation;
import io.taskgovernor.testing.FakeTasksApi;
import io.taskgovernor.testing.ManualClock;
import io.taskgovernor.testing.PolicyBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EnforcerTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private final ManualClock clock = new ManualClock(NOW);
    private final Enforcer enforcer = new Enforcer(clock);
    private final FakeTasksApi cluster = new FakeTasksApi();

    private static PolicyBuilder searches() {
        return policy("p").rule(rule("searches", Duration.ofSeconds(10), "indices:data/read/search*").build());
    }

    private static Evaluation evaluate(CompiledPolicy policy, RunningTask... tasks) {
        return Evaluations.evaluate(policy, new TaskListing(NOW, List.of(tasks), List.of()));
    }

    private static Map<String, Outcome> outcomes(List<Decision> decisions) {
        return decisions.stream().collect(Collectors.toMap(d -> d.task().id(), Decision::outcome));
    }

    @Test
    void cancelsEachChosenTaskOnceWithThePolicysOpaqueIdAndNeverWaitsServerSide() {
        List<Decision> decisions = enforcer.enforce(
                evaluate(searches().build(), task("n:1").runningSeconds(20).build(), task("n:2").runningSeconds(30).build()),
                cluster, new WaitWindow(clock));

        assertThat(cluster.calls("cancel")).extracting(FakeTasksApi.Call::taskId).containsExactly("n:2", "n:1");
        assertThat(cluster.calls("cancel")).allSatisfy(c -> assertThat(c.opaqueId()).isEqualTo("task-governor/p"));
        assertThat(cluster.calls("await")).isEmpty();
        assertThat(outcomes(decisions)).containsOnly(Map.entry("n:1", Outcome.CANCEL_REQUESTED), Map.entry("n:2", Outcome.CANCEL_REQUESTED));
        assertThat(decisions.get(0).overshoot()).isEqualTo(Duration.ofSeconds(20));
        assertThat(decisions.get(0).rule()).isEqualTo("searches");
    }

    @Test
    void dryRunSendsNothing() {
        List<Decision> decisions = enforcer.enforce(
                evaluate(searches().dryRun().build(), task("n:1").runningSeconds(20).build()), cluster, new WaitWindow(clock));

        assertThat(cluster.calls()).isEmpty();
        assertThat(outcomes(decisions)).containsExactly(Map.entry("n:1", Outcome.DRY_RUN));
    }

    @Test
    void notCancellableTasksAreReportedWithoutARequest() {
        List<Decision> decisions = enforcer.enforce(
                evaluate(searches().build(), task("n:1").notCancellable().runningSeconds(20).build()), cluster, new WaitWindow(clock));

        assertThat(cluster.calls()).isEmpty();
        assertThat(outcomes(decisions)).containsExactly(Map.entry("n:1", Outcome.NOT_CANCELLABLE));
    }

    @Test
    void aTaskGoneBeforeItsCancelIsAlreadyFinishedAndARefusalIsAFailureWithItsReason() {
        cluster.onCancel("n:1", () -> new CancelResult(CancelResult.Status.NOT_FOUND, "404"))
                .onCancel("n:2", () -> new CancelResult(CancelResult.Status.REFUSED, "illegal_argument_exception: nope"));

        List<Decision> decisions = enforcer.enforce(evaluate(searches().build(),
                task("n:1").runningSeconds(20).build(), task("n:2").runningSeconds(20).build()), cluster, new WaitWindow(clock));

        Map<String, Decision> byId = decisions.stream().collect(Collectors.toMap(d -> d.task().id(), Function.identity()));
        assertThat(byId.get("n:1").outcome()).isEqualTo(Outcome.ALREADY_FINISHED);
        assertThat(byId.get("n:2").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(byId.get("n:2").reason()).contains("nope");
    }

    @Test
    void theWaitSaysCancelledWhenTheTaskEndsAndCancelRequestedWhenItLingers() {
        cluster.onAwait("n:1", () -> AwaitResult.COMPLETED).onAwait("n:2", () -> AwaitResult.STILL_RUNNING);

        List<Decision> decisions = enforcer.enforce(evaluate(searches().waitFor(Duration.ofSeconds(30)).build(),
                task("n:1").runningSeconds(40).build(), task("n:2").runningSeconds(20).build()), cluster, new WaitWindow(clock));

        assertThat(outcomes(decisions)).containsOnly(Map.entry("n:1", Outcome.CANCELLED), Map.entry("n:2", Outcome.CANCEL_REQUESTED));
    }

    @Test
    void allWaitsOfAPassShareOneDeadline() {
        // The first task takes the whole wait to linger; the second only gets a last look.
        cluster.onAwait("n:1", () -> {
            clock.advance(Duration.ofSeconds(30));
            return AwaitResult.STILL_RUNNING;
        });

        enforcer.enforce(evaluate(searches().waitFor(Duration.ofSeconds(30)).build(),
                task("n:1").runningSeconds(40).build(), task("n:2").runningSeconds(20).build()), cluster, new WaitWindow(clock));

        assertThat(cluster.calls("await")).extracting(FakeTasksApi.Call::waited)
                .containsExactly(Duration.ofSeconds(30), Duration.ofMillis(1));
    }

    @Test
    void anUnavailableClusterStopsThePassInsteadOfTimingOutOncePerTask() {
        cluster.onCancel("n:1", () -> {
            throw new ClusterUnavailableException("cancel task n:1: connection refused", null);
        });

        List<Decision> decisions = enforcer.enforce(evaluate(searches().build(),
                task("n:1").runningSeconds(40).build(), task("n:2").runningSeconds(30).build(),
                task("n:3").runningSeconds(20).build()), cluster, new WaitWindow(clock));

        assertThat(cluster.calls("cancel")).hasSize(1);
        assertThat(decisions).hasSize(3).allSatisfy(d -> assertThat(d.outcome()).isEqualTo(Outcome.FAILED));
        assertThat(decisions.get(2).reason()).startsWith("not sent: ").contains("connection refused");
    }

    @Test
    void anOddAnswerForOneTaskDoesNotStopTheOthers() {
        cluster.onCancel("n:1", () -> {
            throw new ClusterResponseException("malformed", null);
        });

        List<Decision> decisions = enforcer.enforce(evaluate(searches().build(),
                task("n:1").runningSeconds(40).build(), task("n:2").runningSeconds(30).build()), cluster, new WaitWindow(clock));

        assertThat(outcomes(decisions)).containsOnly(Map.entry("n:1", Outcome.FAILED), Map.entry("n:2", Outcome.CANCEL_REQUESTED));
    }

    @Test
    void aCancelRefusedOnAuthorizationIsATypedRefusalOnEveryDecisionItStopped() {
        // The text Elasticsearch 8.19 answers a monitor-only user (ElasticsearchTasksApi puts call and URL first).
        String reason = "action [cluster:admin/tasks/cancel] "
                + "is unauthorized for user [watcher] with effective roles [monitor_only], this action is granted by the "
                + "cluster privileges [cancel_task,manage,all]";
        cluster.onCancel("n:1", () -> {
            throw new ElasticsearchError("cancel task n:1 on http://es:9200", 403, "security_exception", reason);
        });

        List<Decision> decisions = enforcer.enforce(evaluate(searches().build(),
                task("n:1").runningSeconds(40).build(), task("n:2").runningSeconds(30).build()), cluster, new WaitWindow(clock));

        assertThat(cluster.calls("cancel")).as("every further cancel would be refused alike").hasSize(1);
        assertThat(decisions).hasSize(2).allSatisfy(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(d.refusal()).isEqualTo(new CancelRefusal(403, "cancel task n:1 on http://es:9200: HTTP 403 security_exception: " + reason));
        });
        assertThat(CancelRefusal.in(decisions)).hasValueSatisfying(r ->
                assertThat(r.explanation()).contains("cancel_task").contains("is unauthorized for user [watcher]"));
        assertThat(CancelRefusal.anyCancelAuthorized(decisions)).isFalse();
    }

    @Test
    void otherFailuresCarryNoRefusal() {
        cluster.onCancel("n:1", () -> {
            throw new ClusterUnavailableException("cancel task n:1: connection refused", null);
        }).onCancel("n:2", () -> new CancelResult(CancelResult.Status.REFUSED, "illegal_argument_exception: nope"));

        List<Decision> refusedOrNot = enforcer.enforce(evaluate(searches().build(), task("n:1").runningSeconds(40).build()), cluster, new WaitWindow(clock));
        List<Decision> failed = enforcer.enforce(evaluate(searches().build(), task("n:2").runningSeconds(40).build()), cluster, new WaitWindow(clock));

        assertThat(refusedOrNot).singleElement().satisfies(d -> assertThat(d.refusal()).isNull());
        assertThat(failed).singleElement().satisfies(d -> assertThat(d.refusal()).isNull());
    }
}
