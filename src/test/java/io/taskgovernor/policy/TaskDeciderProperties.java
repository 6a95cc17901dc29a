package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.RunningTask;
import io.taskgovernor.elasticsearch.TaskListing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Never a wrong cancellation: over random listings and policies, every chosen task is one an
 * independent oracle (regular expressions, written separately from the decider) says may be
 * cancelled, and every task the oracle says must be cancelled is chosen or deferred.
 */
class TaskDeciderProperties {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final List<String> ACTIONS = List.of(
            "indices:data/read/search", "indices:data/read/search[phase/query]", "indices:data/read/esql",
            "indices:data/write/reindex", "cluster:monitor/health", "cluster:monitor/nodes/hot_threads",
            "health-node[c]", "cluster:monitor/tasks/lists", "indices:data/write/bulk");
    private static final List<String> PATTERNS = List.of(
            "*", "indices:*", "indices:data/read/search*", "indices:data/read/*", "cluster:monitor/*",
            "*[c]", "indices:data/write/reindex", "*search*", "cluster:monitor/health");
    private static final List<String> OPAQUE_IDS = List.of(
            "dashboard-1", "dashboard-2", "batch-7", "kibana-alerting", "task-governor/ns/p", "task-governor/list");
    private static final List<String> OPAQUE_PATTERNS = List.of("dashboard-*", "batch-*", "kibana-*", "*-1", "*");
    private static final List<String> NODES = List.of("nA", "nB", "nC");

    /** @param nodes what each rule's node specification resolved to: any subset of the nodes, whatever the text */
    record Scenario(CompiledPolicy policy, TaskListing listing, ResolvedNodes nodes) {}

    @Property(tries = 10_000)
    void everyChosenTaskMayBeCancelledAndEveryViolatorIsChosenOrDeferred(@ForAll("scenarios") Scenario scenario) {
        Evaluation evaluation = new TaskDecider().evaluate(scenario.policy(), scenario.listing(), scenario.nodes());
        Statistics.collect(evaluation.toCancel().isEmpty() ? "nothing chosen" : "some chosen");

        Map<String, Duration> mustCancel = oracleViolators(scenario);
        Set<String> chosen = new HashSet<>();
        for (Violation v : evaluation.toCancel()) {
            RunningTask task = v.task();
            assertThat(chosen.add(task.id())).as("chosen twice: %s", task.id()).isTrue();
            assertThat(mustCancel).as("wrongly chosen: %s", task).containsKey(task.id());
            assertThat(v.rule().maxRuntime()).isEqualTo(mustCancel.get(task.id()));
            assertThat(task.cancellable()).isTrue();
            assertThat(task.cancelled()).isFalse();
            assertThat(task.isPersistent()).isFalse();
            assertThat(task.isChild()).isFalse();
            String opaqueId = task.opaqueId();
            assertThat(opaqueId == null || !opaqueId.startsWith("task-governor/")).isTrue();
        }
        assertThat(evaluation.toCancel()).hasSizeLessThanOrEqualTo(scenario.policy().cancellation().maxPerRun());
        Set<String> chosenOrDeferred = new HashSet<>(chosen);
        evaluation.deferred().forEach(v -> chosenOrDeferred.add(v.task().id()));
        assertThat(chosenOrDeferred).isEqualTo(mustCancel.keySet());
        long oldestDeferred = evaluation.deferred().stream().mapToLong(v -> v.task().runningTimeNanos()).max().orElse(-1);
        evaluation.toCancel().forEach(v -> assertThat(v.task().runningTimeNanos()).isGreaterThanOrEqualTo(oldestDeferred));
    }

    /** Task id → maxRuntime of the strictest matching rule, for every task that must be cancelled. */
    private static Map<String, Duration> oracleViolators(Scenario scenario) {
        CompiledPolicy policy = scenario.policy();
        TaskListing listing = scenario.listing();
        Map<String, Duration> result = new HashMap<>();
        for (RunningTask task : listing.tasks()) {
            if (task.parentTaskId() != null || "persistent".equals(task.type()) || !task.cancellable() || task.cancelled()) {
                continue;
            }
            String opaque = task.headers().get("X-Opaque-Id");
            if (opaque != null && opaque.startsWith("task-governor/")) {
                continue;
            }
            Optional<Duration> strictest = policy.rules().stream()
                    .filter(rule -> oracleMatches(rule, task, scenario.nodes().idsBySpec()))
                    .map(CompiledRule::maxRuntime)
                    .min(Comparator.naturalOrder());
            if (strictest.isPresent() && task.runningTimeNanos() > strictest.get().toNanos()) {
                result.put(task.id(), strictest.get());
            }
        }
        return result;
    }

    private static boolean oracleMatches(CompiledRule rule, RunningTask task, Map<String, Set<String>> resolved) {
        String opaque = task.headers().get("X-Opaque-Id");
        return anyRegex(rule.actions(), task.action())
                && (rule.nodes().isEmpty()
                        || resolved.getOrDefault(String.join(",", rule.nodes()), Set.of()).contains(task.nodeId()))
                && (rule.opaqueIds().isEmpty() || anyRegex(rule.opaqueIds(), opaque))
                && !anyRegex(rule.excludeOpaqueIds(), opaque);
    }

    private static boolean anyRegex(List<WildcardPattern> patterns, String value) {
        if (value == null) {
            return false;
        }
        return patterns.stream().anyMatch(p -> Pattern.compile(
                java.util.Arrays.stream(p.pattern().split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")))
                .matcher(value).matches());
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(policies(), listings(), resolutions()).as(Scenario::new);
    }

    /** Specifications are the rules' node lists joined; some stay unresolved (absent), some select nothing. */
    private Arbitrary<ResolvedNodes> resolutions() {
        Arbitrary<String> spec = Arbitraries.of(NODES).list().ofMinSize(1).ofMaxSize(2).map(l -> String.join(",", l));
        Arbitrary<Set<String>> ids = Arbitraries.of(NODES).set().ofMaxSize(3);
        return Arbitraries.maps(spec, ids).ofMaxSize(6).map(ResolvedNodes::new);
    }

    private Arbitrary<CompiledPolicy> policies() {
        Arbitrary<List<CompiledRule>> rules = rules().list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(rules, Arbitraries.integers().between(1, 8))
                .as((r, max) -> new CompiledPolicy("ns", "p", new ClusterTarget("http://es:9200", null, null, null,
                        Duration.ofSeconds(10)), Duration.ofSeconds(15), false, false, r,
                        new CancellationSettings(false, Duration.ofSeconds(30), max)));
    }

    private Arbitrary<CompiledRule> rules() {
        Arbitrary<List<WildcardPattern>> actions = Arbitraries.of(PATTERNS).map(WildcardPattern::of).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Duration> maxRuntime = Arbitraries.longs().between(1, 120).map(Duration::ofSeconds);
        Arbitrary<List<String>> nodes = Arbitraries.of(NODES).list().ofMaxSize(2).injectDuplicates(0.1);
        Arbitrary<List<WildcardPattern>> opaque = Arbitraries.of(OPAQUE_PATTERNS).map(WildcardPattern::of).list().ofMaxSize(2);
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4), actions, maxRuntime, nodes,
                        opaque, opaque)
                .as((name, a, max, n, include, exclude) -> new CompiledRule(name, a, max, n, include, exclude, List.of()));
    }

    private Arbitrary<TaskListing> listings() {
        Arbitrary<RunningTask> roots = Combinators.combine(
                        Arbitraries.of(ACTIONS), Arbitraries.of(NODES), Arbitraries.longs().between(0, 150_000),
                        Arbitraries.of(OPAQUE_IDS).injectNull(0.3), Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(1, 1_000_000))
                .as((action, node, runningMs, opaque, flags, id) -> {
                    Map<String, String> headers = opaque == null ? Map.of() : Map.of("X-Opaque-Id", opaque);
                    return new RunningTask(node + ":" + id, node, "es-" + node, action,
                            flags == 0 ? "persistent" : "transport", null, 0, runningMs * 1_000_000L,
                            flags != 1, flags == 2, null, headers);
                });
        return roots.list().ofMaxSize(40).uniqueElements(RunningTask::id).map(TaskDeciderProperties::withChildren);
    }

    /** Gives some roots shard children that look just like them, so the decider must tell them apart. */
    private static TaskListing withChildren(List<RunningTask> roots) {
        List<RunningTask> all = new ArrayList<>(roots);
        int n = 0;
        for (RunningTask root : roots) {
            if (root.id().hashCode() % 3 == 0) {
                all.add(new RunningTask(root.nodeId() + ":c" + n++, root.nodeId(), root.nodeName(), root.action(),
                        root.type(), null, 0, root.runningTimeNanos(), root.cancellable(), root.cancelled(), root.id(),
                        root.headers()));
            }
        }
        return new TaskListing(NOW, all, List.of());
    }
}
