package io.taskgovernor.reconcile;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.taskgovernor.api.TaskPolicyStatus;
import io.taskgovernor.elasticsearch.ElasticsearchError;
import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.elasticsearch.NodeFailure;
import io.taskgovernor.enforce.CancelRefusal;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.GovernancePass;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.Evaluation;
import io.taskgovernor.testing.FakeTasksApi;
import io.taskgovernor.testing.ManualClock;
import io.taskgovernor.policy.PolicyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusComposerTest {
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private final StatusComposer composer = new StatusComposer();
    private final CompiledPolicy policy = policy("p").rule(rule("r", Duration.ofSeconds(10), "*").build()).build();

    private Evaluation evaluation(int governed) {
        return new Evaluation(policy, governed, List.of(), List.of(), List.of(), List.of(), Optional.empty(), List.of());
    }

    private static Decision decision(String taskId, Outcome outcome) {
        return new Decision(new PolicyKey("ns", "p"), "r", task(taskId).runningSeconds(12).opaqueId("who").build(), Duration.ofSeconds(10),
                Duration.ofSeconds(2), outcome, outcome == Outcome.FAILED ? "boom" : null, T0, null, null);
    }

    private PassLedger.Snapshot passed(int governed, Decision... decisions) {
        return new PassLedger.Snapshot(new PolicyObservation(T0, evaluation(governed), null, List.of(), List.of(decisions), List.of(), null),
                List.of(decisions), PassLedger.Tally.NONE);
    }

    private static Condition ready(TaskPolicyStatus status) {
        return status.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
    }

    @Test
    void aSuccessfulPassMakesReadyTrueAndCountsCancellations() {
        TaskPolicyStatus status = composer.compose(null, 3, new PolicyState.Active(),
                passed(4, decision("n:1", Outcome.CANCELLED), decision("n:2", Outcome.CANCEL_REQUESTED),
                        decision("n:3", Outcome.FAILED), decision("n:4", Outcome.ALREADY_FINISHED)), T0);

        assertThat(ready(status).getStatus()).isEqualTo("True");
        assertThat(ready(status).getReason()).isEqualTo("Governing");
        assertThat(ready(status).getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getCancellationsTotal()).isEqualTo(2L);
        assertThat(status.getDecisionsTotal()).isEqualTo(4L);
        assertThat(status.getDecisionsByOutcome())
                .containsExactlyInAnyOrderEntriesOf(Map.of("CANCELLED", 1L, "CANCEL_REQUESTED", 1L, "FAILED", 1L, "ALREADY_FINISHED", 1L));
        assertThat(status.getGovernedTasks()).isEqualTo(4);
        assertThat(status.getLastEvaluationTime()).isEqualTo(T0.toString());
        assertThat(status.getRecentDecisions()).extracting(r -> r.getTaskId()).containsExactly("n:4", "n:3", "n:2", "n:1");
    }

    @Test
    void countersAccumulateAcrossReconcilesAndOperatorRestarts() {
        TaskPolicyStatus first = composer.compose(null, 1, new PolicyState.Active(), passed(1, decision("n:1", Outcome.CANCELLED)), T0);
        // A restarted operator starts from the status stored on the resource, nothing else.
        TaskPolicyStatus second = composer.compose(first, 1, new PolicyState.Active(), passed(1, decision("n:2", Outcome.CANCELLED)), T1);

        assertThat(second.getCancellationsTotal()).isEqualTo(2L);
        assertThat(second.getDecisionsTotal()).isEqualTo(2L);
        assertThat(second.getDecisionsByOutcome()).containsExactlyEntriesOf(Map.of("CANCELLED", 2L));
        assertThat(second.getRecentDecisions()).extracting(r -> r.getTaskId()).containsExactly("n:2", "n:1");
    }

    @Test
    void recentDecisionsAreBoundedAndRepeatedFailuresOfOneTaskKeepOneEntry() {
        TaskPolicyStatus status = null;
        for (int i = 0; i < 30; i++) {
            status = composer.compose(status, 1, new PolicyState.Active(), passed(1, decision("n:" + i, Outcome.CANCELLED)), T0);
        }
        assertThat(status.getRecentDecisions()).hasSize(StatusComposer.RECENT_LIMIT);
        assertThat(status.getRecentDecisions().get(0).getTaskId()).isEqualTo("n:29");

        TaskPolicyStatus failing = null;
        for (int i = 0; i < 5; i++) {
            failing = composer.compose(failing, 1, new PolicyState.Active(), passed(1, decision("n:7", Outcome.FAILED)), T0);
        }
        assertThat(failing.getRecentDecisions()).hasSize(1);
        assertThat(failing.getDecisionsByOutcome()).as("each failed cancel was sent, so each counts").containsEntry("FAILED", 5L);
    }

    /** Through the pass, the feed and the ledger: a task left as it was for 20 passes is one decision in status. */
    @Test
    void twentyPassesOverTasksLeftAsTheyWereAreOneDecisionEachInStatus() {
        ManualClock clock = new ManualClock(T0);
        FakeTasksApi cluster = new FakeTasksApi().listing(() -> new TaskListing(clock.instant(), List.of(
                task("n:1").action("cluster:monitor/nodes/hot_threads").notCancellable().runningSeconds(60).build(),
                task("n:2").runningSeconds(60).build()), List.of()));
        CompiledPolicy enforcing = policy("enforcing").rule(rule("r", Duration.ofSeconds(10), "cluster:monitor/*").build()).build();
        CompiledPolicy audit = policy("audit").dryRun().rule(rule("r", Duration.ofSeconds(10), "indices:*").build()).build();
        PassLedger ledger = new PassLedger();
        ObservationFeed feed = new ObservationFeed(ledger, key -> {});
        GovernancePass pass = new GovernancePass(clock);
        TaskPolicyStatus enforcingStatus = null;
        TaskPolicyStatus auditStatus = null;

        for (int i = 0; i < 20; i++) {
            feed.onPass(null, List.of(enforcing, audit), pass.run(List.of(enforcing, audit), cluster));
            enforcingStatus = composer.compose(enforcingStatus, 1, new PolicyState.Active(), ledger.drain(enforcing.key()), clock.instant());
            auditStatus = composer.compose(auditStatus, 1, new PolicyState.Active(), ledger.drain(audit.key()), clock.instant());
            clock.advance(Duration.ofSeconds(15));
        }

        assertThat(enforcingStatus.getDecisionsTotal()).isEqualTo(1L);
        assertThat(enforcingStatus.getDecisionsByOutcome()).containsExactlyEntriesOf(Map.of("NOT_CANCELLABLE", 1L));
        assertThat(enforcingStatus.getRecentDecisions()).singleElement()
                .satisfies(r -> assertThat(r.getTime()).isEqualTo(T0.toString()));
        assertThat(auditStatus.getDecisionsTotal()).isEqualTo(1L);
        assertThat(auditStatus.getDecisionsByOutcome()).containsExactlyEntriesOf(Map.of("DRY_RUN", 1L));
        assertThat(auditStatus.getViolations()).as("the state is still reported every pass").isEqualTo(1);
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenReadyFlips() {
        TaskPolicyStatus up = composer.compose(null, 1, new PolicyState.Active(), passed(0), T0);
        TaskPolicyStatus stillUp = composer.compose(up, 1, new PolicyState.Active(), passed(0), T1);
        assertThat(ready(stillUp).getLastTransitionTime()).isEqualTo(T0.toString());

        PassLedger.Snapshot down = new PassLedger.Snapshot(new PolicyObservation(T1, null,
                new ClusterUnavailableException("list tasks on http://es:9200: refused", null), List.of(), List.of(), List.of(), null), List.of(), PassLedger.Tally.NONE);
        TaskPolicyStatus unavailable = composer.compose(stillUp, 1, new PolicyState.Active(), down, T1);
        assertThat(ready(unavailable).getStatus()).isEqualTo("False");
        assertThat(ready(unavailable).getReason()).isEqualTo("ElasticsearchUnavailable");
        assertThat(ready(unavailable).getMessage()).contains("refused");
        assertThat(ready(unavailable).getLastTransitionTime()).isEqualTo(T1.toString());
    }

    @Test
    void eachStateHasItsReason() {
        assertThat(StatusComposer.verdict(new PolicyState.Invalid(List.of("spec.rules: at least one rule")), null, null))
                .isEqualTo(new StatusComposer.Verdict("False", ReadyReason.InvalidSpec, "spec.rules: at least one rule"));
        assertThat(StatusComposer.verdict(new PolicyState.Suspended(), null, null).reason()).isEqualTo(ReadyReason.Suspended);
        assertThat(StatusComposer.verdict(new PolicyState.CredentialsProblem("Secret ns/x not found"), null, null).reason())
                .isEqualTo(ReadyReason.CredentialsUnavailable);
        assertThat(StatusComposer.verdict(new PolicyState.Active(), null, null))
                .isEqualTo(new StatusComposer.Verdict("Unknown", ReadyReason.Pending, "waiting for the first pass over the cluster"));
        PolicyObservation unauthorized = new PolicyObservation(T0, null,
                new ElasticsearchError("list tasks on http://es:9200", 401, null, null), List.of(), List.of(), List.of(), null);
        assertThat(StatusComposer.verdict(new PolicyState.Active(), unauthorized, null).reason()).isEqualTo(ReadyReason.Unauthorized);
    }

    @Test
    void nodeFailuresKeepReadyButAreNamedInTheMessage() {
        PolicyObservation partial = new PolicyObservation(T0, evaluation(2), null,
                List.of(new NodeFailure("node-b", "failed_node_exception", "timed out")), List.of(), List.of(), null);

        StatusComposer.Verdict verdict = StatusComposer.verdict(new PolicyState.Active(), partial, null);

        assertThat(verdict.status()).isEqualTo("True");
        assertThat(verdict.message()).contains("incomplete listing").contains("node-b");
    }

    @Test
    void aRuleWhoseNodesSelectNoNodeKeepsReadyAndIsNamedInTheMessage() {
        PolicyObservation observed = new PolicyObservation(T0, evaluation(0), null, List.of(), List.of(),
                List.of("rule warm: nodes [wram-*] select no node of the cluster, so the rule matches no task"), null);

        StatusComposer.Verdict verdict = StatusComposer.verdict(new PolicyState.Active(), observed, null);

        assertThat(verdict.status()).isEqualTo("True");
        assertThat(verdict.message()).isEqualTo("0 governed task(s), 0 violation(s), 0 lingering after cancel; "
                + "rule warm: nodes [wram-*] select no node of the cluster, so the rule matches no task");
    }

    @Test
    void longMessagesAreTruncated() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            problems.add("spec.rules[" + i + "].maxRuntime: is not a duration");
        }
        assertThat(StatusComposer.verdict(new PolicyState.Invalid(problems), null, null).message()).hasSizeLessThanOrEqualTo(1024);
    }

    @Test
    void aRefusedCancelIsInsufficientPrivilegesUntilACancelGetsThrough() {
        Decision refused = new Decision(new PolicyKey("ns", "p"), "r", task("n:1").runningSeconds(12).build(), Duration.ofSeconds(10),
                Duration.ofSeconds(2), Outcome.FAILED, "HTTP 403", T0,
                new CancelRefusal(403, "cancel task n:1 on http://es:9200: HTTP 403 security_exception: action "
                        + "[cluster:admin/tasks/cancel] is unauthorized for user [watcher]"), null);
        PolicyObservation refusedPass = new PolicyObservation(T0, evaluation(1), null, List.of(), List.of(refused), List.of(), null);
        PolicyObservation quietPass = new PolicyObservation(T1, evaluation(0), null, List.of(), List.of(), List.of(), null);
        PolicyObservation cancellingPass = new PolicyObservation(T1, evaluation(1), null, List.of(),
                List.of(decision("n:1", Outcome.CANCEL_REQUESTED)), List.of(), null);
        CompiledPolicy dryRun = policy("p").dryRun().rule(rule("r", Duration.ofSeconds(10), "*").build()).build();
        PolicyObservation dryRunPass = new PolicyObservation(T1, new Evaluation(dryRun, 0, List.of(), List.of(), List.of(),
                List.of(), Optional.empty(), List.of()), null, List.of(), List.of(), List.of(), null);

        StatusComposer.Verdict insufficient = StatusComposer.verdict(new PolicyState.Active(), refusedPass, null);

        assertThat(insufficient.status()).isEqualTo("False");
        assertThat(insufficient.reason()).isEqualTo(ReadyReason.InsufficientPrivileges);
        assertThat(insufficient.message()).contains("cluster privilege cancel_task").contains("HTTP 403")
                .contains("is unauthorized for user [watcher]");
        assertThat(StatusComposer.verdict(new PolicyState.Active(), quietPass, insufficient))
                .as("a pass with nothing to cancel proves nothing").isEqualTo(insufficient);
        assertThat(StatusComposer.verdict(new PolicyState.Active(), cancellingPass, insufficient).reason())
                .isEqualTo(ReadyReason.Governing);
        assertThat(StatusComposer.verdict(new PolicyState.Active(), dryRunPass, insufficient).reason())
                .as("a dry run needs no right to cancel").isEqualTo(ReadyReason.Governing);
        assertThat(StatusComposer.verdict(new PolicyState.Active(), quietPass, null).reason()).isEqualTo(ReadyReason.Governing);
    }

    @Test
    void aRecentDecisionIsTheShortFormLimitWhyAndTraceIdButNoDescription() {
        var rule = rule("dashboards", Duration.ofMinutes(2), "indices:data/read/search*").opaqueIds("*dashboards*").build();
        var task = task("n:9").runningSeconds(150).opaqueId("r1;kibana:application:dashboards:abc")
                .header("trace.id", "4bf92f3577b34da6a3ce929d0e0e4736")
                .description("indices[logs-*], search_type[QUERY_THEN_FETCH], source[{\"size\":0}]").build();
        Decision decided = new Decision(new PolicyKey("ns", "p"), "dashboards", task, Duration.ofMinutes(2), Duration.ofSeconds(30),
                Outcome.CANCEL_REQUESTED, null, T0, null,
                io.taskgovernor.policy.DecisionDetail.of(rule, task, io.taskgovernor.policy.AuditSettings.DEFAULT));

        var record = StatusComposer.toRecord(decided);

        assertThat(record.getMaxRuntime()).isEqualTo("2m");
        assertThat(record.getMatched()).containsExactly(Map.entry("action", "indices:data/read/search*"),
                Map.entry("opaqueId", "*dashboards*"));
        assertThat(record.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(record)).doesNotContain("search_type");
    }

    @Test
    void aUserWithoutCancelTaskIsInsufficientPrivilegesForAnEnforcingPolicyBeforeAnyCancelIsRefused() {
        CompiledPolicy dryRun = policy("p").dryRun().rule(rule("r", Duration.ofSeconds(10), "*").build()).build();
        PolicyObservation enforcing = new PolicyObservation(T0, evaluation(2), null, List.of(), List.of(), List.of(),
                List.of("cancel_task"));
        PolicyObservation dryRunPass = new PolicyObservation(T0, new Evaluation(dryRun, 2, List.of(), List.of(), List.of(),
                List.of(), Optional.empty(), List.of()), null, List.of(), List.of(), List.of(), List.of("cancel_task"));
        PolicyObservation noMonitor = new PolicyObservation(T0, new Evaluation(dryRun, 2, List.of(), List.of(), List.of(),
                List.of(), Optional.empty(), List.of()), null, List.of(), List.of(), List.of(), List.of("monitor"));

        StatusComposer.Verdict refused = StatusComposer.verdict(new PolicyState.Active(), enforcing, null);
        assertThat(refused.status()).isEqualTo("False");
        assertThat(refused.reason()).isEqualTo(ReadyReason.InsufficientPrivileges);
        assertThat(refused.message()).contains("cancel_task").doesNotContain("monitor,");
        assertThat(StatusComposer.verdict(new PolicyState.Active(), dryRunPass, null).reason())
                .as("a dry run cancels nothing").isEqualTo(ReadyReason.Governing);
        assertThat(StatusComposer.verdict(new PolicyState.Active(), noMonitor, null).reason())
                .isEqualTo(ReadyReason.InsufficientPrivileges);
    }
}
