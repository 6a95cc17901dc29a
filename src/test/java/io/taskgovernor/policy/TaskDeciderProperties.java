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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Never a wrong cancellation, never one missed: over random task trees (parents listed, absent,
 * protected, already cancelled, not cancellable) and several policies (enforcing and dry-run, in any
 * order), every list of every evaluation equals what an independent oracle computes from the README's
 * rules, written separately from the decider with regular expressions and sets:
 * <ul>
 *   <li>a task is judged when a rule matches it and neither it nor a listed ancestor is persistent or
 *       the governor's own request; a violator runs past its strictest rule's maxRuntime;</li>
 *   <li>enforcing policies come first, then dry-run ones, each by key; an enforcing candidate is a
 *       cancellable, not yet cancelled violator with no listed ancestor already cancelled; only the
 *       topmost candidates of a tree are chosen, each by the first enforcing policy that has room;</li>
 *   <li>a dry-run policy reports its own topmost candidates, except tasks an enforcing policy cancels,
 *       itself or through an ancestor;</li>
 *   <li>lingering and not-cancellable violators are reported unless a cancel above them stops them;
 *       tasks in a tree being stopped set no deadline.</li>
 * </ul>
 */
class TaskDeciderProperties {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final List<String> ACTIONS = List.of(
            "indices:data/read/search", "indices:data/read/search[phase/query]", "indices:data/read/msearch",
            "indices:data/read/async_search/submit", "indices:data/read/esql", "indices:data/write/reindex",
            "cluster:monitor/health", "cluster:monitor/nodes/hot_threads", "health-node[c]",
            "cluster:monitor/tasks/lists", "indices:data/write/bulk");
    private static final List<String> PATTERNS = List.of(
            "*", "indices:*", "indices:data/read/search*", "indices:data/read/*", "cluster:monitor/*",
            "*[c]", "indices:data/write/reindex", "*search*", "cluster:monitor/health", "*msearch");
    private static final List<String> OPAQUE_IDS = List.of(
            "dashboard-1", "dashboard-2", "batch-7", "kibana-alerting", "task-governor/ns/p", "task-governor/list");
    private static final List<String> OPAQUE_PATTERNS = List.of("dashboard-*", "batch-*", "kibana-*", "*-1", "*");
    private static final List<String> DESCRIPTIONS = List.of(
            "indices[logs-2026], search_type[QUERY_THEN_FETCH]", "indices[metrics], search_type[QUERY_THEN_FETCH]",
            "reindex from [src] to [dst]");
    private static final List<String> DESCRIPTION_PATTERNS = List.of("*logs-*", "indices[metrics]*", "reindex*");
    private static final List<String> NODES = List.of("nA", "nB", "nC");
    private static final List<String> POLICY_NAMES = List.of("audit", "enforce", "alpha", "zeta", "m");
    private static final Map<String, Pattern> REGEX = new ConcurrentHashMap<>();

    /** @param nodes what each rule's node specification resolved to: any subset of the nodes, whatever the text */
    record Scenario(List<CompiledPolicy> policies, TaskListing listing, ResolvedNodes nodes) {}

    /** One generated task; its parent is chosen among the tasks generated before it. */
    record TaskSpec(String action, String node, long runningMs, String opaqueId, int flags, String description,
            int parentKind, int parentPick) {}

    /** Tries of this property so far, and how many judged something interesting: see {@link #triesReachedTheRules()}. */
    private int tries;
    private int triesWithChosen;
    private int triesWithCovered;

    // Edge cases off: jqwik mixes in the edge cases of these nested combinators at a cost of about half the
    // run (profiled), and the shapes they add (empty listings, one task, one rule) come from the random
    // sizes anyway. Coverage of the interesting cases is asserted below rather than printed as statistics,
    // whose store lookups cost a third of what was left.
    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void everyEvaluationIsExactlyWhatTheOracleSays(@ForAll("scenarios") Scenario scenario) {
        List<Evaluation> evaluations = new TaskDecider().evaluate(scenario.policies(), scenario.listing(), scenario.nodes());
        Oracle oracle = new Oracle(scenario.listing(), scenario.nodes().idsBySpec());
        List<CompiledPolicy> order = oracle.actingOrder(scenario.policies());
        assertThat(evaluations).extracting(e -> e.policy().key()).containsExactlyElementsOf(
                order.stream().map(CompiledPolicy::key).toList());
        tries++;
        if (evaluations.stream().anyMatch(e -> !e.toCancel().isEmpty())) {
            triesWithChosen++;
        }
        if (evaluations.stream().anyMatch(e -> !e.covered().isEmpty())) {
            triesWithCovered++;
        }

        Set<String> enforcingCandidates = oracle.enforcingCandidates(order);
        Set<String> cancelledByEnforcing = new HashSet<>();
        for (Evaluation evaluation : evaluations) {
            CompiledPolicy policy = evaluation.policy();
            if (!policy.dryRun()) {
                checkEnforcing(oracle, evaluation, enforcingCandidates, cancelledByEnforcing);
                ids(evaluation.toCancel()).forEach(id ->
                        assertThat(cancelledByEnforcing.add(id)).as("cancelled twice: %s", id).isTrue());
            } else {
                checkDryRun(oracle, evaluation, cancelledByEnforcing);
            }
            checkChosen(oracle, evaluation);
            assertThat(evaluation.governed()).isEqualTo(oracle.judged(policy).size());
            assertThat(evaluation.nextDeadline()).isEqualTo(oracle.nextDeadline(policy, cancelledByEnforcingOf(evaluations)));
        }
        // Never beside an ancestor: no cancelled task has a listed ancestor cancelled in the same pass.
        for (String id : cancelledByEnforcing) {
            assertThat(oracle.ancestors(oracle.task(id))).noneMatch(a -> cancelledByEnforcing.contains(a.id()));
        }
        // A topmost candidate nobody cancels was deferred by every enforcing policy that chose it, each one full.
        for (String id : enforcingCandidates) {
            if (oracle.hasAncestorIn(oracle.task(id), enforcingCandidates) || cancelledByEnforcing.contains(id)) {
                continue;
            }
            for (Evaluation evaluation : evaluations) {
                if (!evaluation.policy().dryRun() && oracle.violates(evaluation.policy(), oracle.task(id))) {
                    assertThat(ids(evaluation.deferred())).contains(id);
                    assertThat(evaluation.toCancel()).hasSize(evaluation.policy().cancellation().maxPerRun());
                }
            }
        }
    }

    /** Fails the property if generation drifted into scenarios where nothing is chosen or covered. */
    @AfterProperty
    void triesReachedTheRules() {
        assertThat(triesWithChosen).as("tries where some task was chosen, of %d", tries).isGreaterThan(tries / 5);
        assertThat(triesWithCovered).as("tries where some task was covered, of %d", tries).isGreaterThan(tries / 50);
    }

    private static void checkEnforcing(Oracle oracle, Evaluation evaluation, Set<String> enforcingCandidates,
            Set<String> takenBefore) {
        CompiledPolicy policy = evaluation.policy();
        Set<String> top = new HashSet<>();
        Set<String> lingering = new HashSet<>();
        Set<String> notCancellable = new HashSet<>();
        for (RunningTask task : oracle.violators(policy)) {
            boolean stoppedAbove = oracle.cancelledAbove(task) || oracle.hasAncestorIn(task, enforcingCandidates);
            if (stoppedAbove) {
                continue;
            }
            if (task.cancelled()) {
                lingering.add(task.id());
            } else if (!task.cancellable()) {
                notCancellable.add(task.id());
            } else if (!takenBefore.contains(task.id())) {
                top.add(task.id());
            }
        }
        checkChosenAndDeferred(oracle, evaluation, top);
        checkReported(oracle, evaluation, lingering, notCancellable);
    }

    private static void checkDryRun(Oracle oracle, Evaluation evaluation, Set<String> cancelledByEnforcing) {
        CompiledPolicy policy = evaluation.policy();
        Set<String> candidates = new HashSet<>();
        for (RunningTask task : oracle.violators(policy)) {
            if (task.cancellable() && !task.cancelled() && !oracle.cancelledAbove(task)
                    && !cancelledByEnforcing.contains(task.id()) && !oracle.hasAncestorIn(task, cancelledByEnforcing)) {
                candidates.add(task.id());
            }
        }
        Set<String> blockers = new HashSet<>(cancelledByEnforcing);
        blockers.addAll(candidates);
        Set<String> top = new HashSet<>();
        Set<String> lingering = new HashSet<>();
        Set<String> notCancellable = new HashSet<>();
        for (RunningTask task : oracle.violators(policy)) {
            if (oracle.cancelledAbove(task) || oracle.hasAncestorIn(task, blockers)) {
                continue;
            }
            if (task.cancelled()) {
                lingering.add(task.id());
            } else if (!task.cancellable()) {
                notCancellable.add(task.id());
            } else if (candidates.contains(task.id())) {
                top.add(task.id());
            }
        }
        checkChosenAndDeferred(oracle, evaluation, top);
        checkReported(oracle, evaluation, lingering, notCancellable);
    }

    private static void checkChosenAndDeferred(Oracle oracle, Evaluation evaluation, Set<String> top) {
        int maxPerRun = evaluation.policy().cancellation().maxPerRun();
        Set<String> chosenOrDeferred = new HashSet<>(ids(evaluation.toCancel()));
        chosenOrDeferred.addAll(ids(evaluation.deferred()));
        assertThat(chosenOrDeferred).hasSize(evaluation.toCancel().size() + evaluation.deferred().size());
        assertThat(chosenOrDeferred).isEqualTo(top);
        assertThat(evaluation.toCancel()).hasSize(Math.min(maxPerRun, top.size()));
        long oldestDeferred = evaluation.deferred().stream().mapToLong(v -> v.task().runningTimeNanos()).max().orElse(-1);
        evaluation.toCancel().forEach(v -> assertThat(v.task().runningTimeNanos()).isGreaterThanOrEqualTo(oldestDeferred));
    }

    private static void checkReported(Oracle oracle, Evaluation evaluation, Set<String> lingering, Set<String> notCancellable) {
        CompiledPolicy policy = evaluation.policy();
        assertThat(Set.copyOf(ids(evaluation.lingering()))).isEqualTo(lingering);
        assertThat(Set.copyOf(ids(evaluation.notCancellable()))).isEqualTo(notCancellable);
        List<String> everyList = new ArrayList<>();
        for (List<Violation> list : List.of(evaluation.toCancel(), evaluation.deferred(), evaluation.notCancellable(),
                evaluation.lingering(), evaluation.covered())) {
            for (Violation v : list) {
                everyList.add(v.task().id());
                Duration max = oracle.strictest(policy, v.task()).orElseThrow();
                assertThat(v.rule().maxRuntime()).isEqualTo(max);
                assertThat(v.overshoot()).isEqualTo(Duration.ofNanos(v.task().runningTimeNanos()).minus(max));
            }
        }
        // Each violator in exactly one list: the covered ones are the rest.
        assertThat(everyList).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(oracle.violators(policy).stream().map(RunningTask::id).toList());
    }

    private static void checkChosen(Oracle oracle, Evaluation evaluation) {
        for (Violation v : evaluation.toCancel()) {
            RunningTask task = v.task();
            assertThat(task.cancellable()).isTrue();
            assertThat(task.cancelled()).isFalse();
            assertThat(oracle.isProtected(task)).isFalse();
        }
    }

    private static Set<String> cancelledByEnforcingOf(List<Evaluation> evaluations) {
        return evaluations.stream().filter(e -> !e.policy().dryRun())
                .flatMap(e -> e.toCancel().stream()).map(v -> v.task().id()).collect(Collectors.toSet());
    }

    private static List<String> ids(List<Violation> violations) {
        return violations.stream().map(v -> v.task().id()).toList();
    }

    /** The README's rules, computed directly from the listing, independent of the decider. */
    private static final class Oracle {
        private final TaskListing listing;
        private final Map<String, RunningTask> byId = new HashMap<>();
        private final Map<String, Set<String>> resolved;
        /** Policy key + task id → strictest maxRuntime: the same question is asked many times per try. */
        private final Map<String, Optional<Duration>> strictest = new HashMap<>();

        Oracle(TaskListing listing, Map<String, Set<String>> resolved) {
            this.resolved = resolved;
            this.listing = listing;
            listing.tasks().forEach(t -> byId.put(t.id(), t));
        }

        RunningTask task(String id) {
            return byId.get(id);
        }

        List<CompiledPolicy> actingOrder(List<CompiledPolicy> policies) {
            List<CompiledPolicy> enforcing = new ArrayList<>();
            List<CompiledPolicy> dryRun = new ArrayList<>();
            for (CompiledPolicy policy : policies) {
                (policy.dryRun() ? dryRun : enforcing).add(policy);
            }
            enforcing.sort(Comparator.comparing(p -> p.key().toString()));
            dryRun.sort(Comparator.comparing(p -> p.key().toString()));
            enforcing.addAll(dryRun);
            return enforcing;
        }

        List<RunningTask> ancestors(RunningTask task) {
            List<RunningTask> result = new ArrayList<>();
            Set<String> seen = new HashSet<>(Set.of(task.id()));
            String parent = task.parentTaskId();
            while (parent != null && byId.containsKey(parent) && seen.add(parent)) {
                result.add(byId.get(parent));
                parent = byId.get(parent).parentTaskId();
            }
            return result;
        }

        boolean hasAncestorIn(RunningTask task, Set<String> ids) {
            return ancestors(task).stream().anyMatch(a -> ids.contains(a.id()));
        }

        boolean cancelledAbove(RunningTask task) {
            return ancestors(task).stream().anyMatch(RunningTask::cancelled);
        }

        private static boolean protectedItself(RunningTask task) {
            String opaque = task.headers().get("X-Opaque-Id");
            return "persistent".equals(task.type()) || (opaque != null && opaque.startsWith("task-governor/"));
        }

        boolean isProtected(RunningTask task) {
            return protectedItself(task) || ancestors(task).stream().anyMatch(Oracle::protectedItself);
        }

        Optional<Duration> strictest(CompiledPolicy policy, RunningTask task) {
            return strictest.computeIfAbsent(policy.key() + "|" + task.id(), k -> policy.rules().stream()
                    .filter(rule -> matches(rule, task)).map(CompiledRule::maxRuntime).min(Comparator.naturalOrder()));
        }

        List<RunningTask> judged(CompiledPolicy policy) {
            return listing.tasks().stream().filter(t -> !isProtected(t) && strictest(policy, t).isPresent()).toList();
        }

        boolean violates(CompiledPolicy policy, RunningTask task) {
            Optional<Duration> max = isProtected(task) ? Optional.empty() : strictest(policy, task);
            return max.isPresent() && task.runningTimeNanos() > max.get().toNanos();
        }

        List<RunningTask> violators(CompiledPolicy policy) {
            return listing.tasks().stream().filter(t -> violates(policy, t)).toList();
        }

        Set<String> enforcingCandidates(List<CompiledPolicy> policies) {
            return listing.tasks().stream()
                    .filter(t -> t.cancellable() && !t.cancelled() && !cancelledAbove(t))
                    .filter(t -> policies.stream().anyMatch(p -> !p.dryRun() && violates(p, t)))
                    .map(RunningTask::id).collect(Collectors.toSet());
        }

        Optional<Instant> nextDeadline(CompiledPolicy policy, Set<String> cancelledByEnforcing) {
            return judged(policy).stream()
                    .filter(t -> !violates(policy, t) && !cancelledAbove(t) && !hasAncestorIn(t, cancelledByEnforcing))
                    .map(t -> NOW.plus(strictest(policy, t).orElseThrow()).minusNanos(t.runningTimeNanos()))
                    .min(Comparator.naturalOrder());
        }

        private boolean matches(CompiledRule rule, RunningTask task) {
            String opaque = task.headers().get("X-Opaque-Id");
            return anyRegex(rule.actions(), task.action())
                    && (rule.nodes().isEmpty()
                            || resolved.getOrDefault(String.join(",", rule.nodes()), Set.of()).contains(task.nodeId()))
                    && (rule.opaqueIds().isEmpty() || anyRegex(rule.opaqueIds(), opaque))
                    && !anyRegex(rule.excludeOpaqueIds(), opaque)
                    && (rule.descriptions().isEmpty() || anyRegex(rule.descriptions(), task.description()));
        }

        private static boolean anyRegex(List<WildcardPattern> patterns, String value) {
            return value != null && patterns.stream().anyMatch(p -> REGEX.computeIfAbsent(p.pattern(), w -> Pattern.compile(
                    java.util.Arrays.stream(w.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"))))
                    .matcher(value).matches());
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<CompiledPolicy>> policies = policy().list().ofMinSize(1).ofMaxSize(3)
                .uniqueElements(CompiledPolicy::key);
        return Combinators.combine(policies, listings(), resolutions()).as(Scenario::new);
    }

    /** Specifications are the rules' node lists joined; some stay unresolved (absent), some select nothing. */
    private Arbitrary<ResolvedNodes> resolutions() {
        Arbitrary<String> spec = Arbitraries.of(NODES).list().ofMinSize(1).ofMaxSize(2).map(l -> String.join(",", l));
        Arbitrary<Set<String>> ids = Arbitraries.of(NODES).set().ofMaxSize(3);
        return Arbitraries.maps(spec, ids).ofMaxSize(6).map(ResolvedNodes::new);
    }

    private Arbitrary<CompiledPolicy> policy() {
        Arbitrary<List<CompiledRule>> rules = rules().list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(Arbitraries.of(POLICY_NAMES), Arbitraries.of(true, false), rules,
                        Arbitraries.integers().between(1, 8))
                .as((name, dryRun, r, max) -> new CompiledPolicy(new PolicyKey("ns", name), new ClusterTarget(java.net.URI.create("http://es:9200"), null,
                        null, null, Duration.ofSeconds(10), null), Duration.ofSeconds(15), dryRun, false, r,
                        new CancellationSettings(false, Duration.ofSeconds(30), max), AuditSettings.DEFAULT));
    }

    /** Compiled once: compiling a pattern per generated rule was a tenth of the run. */
    private static List<WildcardPattern> compiled(List<String> patterns) {
        return patterns.stream().map(WildcardPattern::of).toList();
    }

    private Arbitrary<CompiledRule> rules() {
        Arbitrary<List<WildcardPattern>> actions = Arbitraries.of(compiled(PATTERNS)).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Duration> maxRuntime = Arbitraries.longs().between(1, 120).map(Duration::ofSeconds);
        // Two of three names repeat one in a third of the lists. Not injectDuplicates: its generator keeps a
        // jqwik store per instance, which piled up over the tries and made each try slower than the last.
        Arbitrary<List<String>> nodes = Arbitraries.of(NODES).list().ofMaxSize(2);
        Arbitrary<List<WildcardPattern>> opaque = Arbitraries.of(compiled(OPAQUE_PATTERNS)).list().ofMaxSize(2);
        Arbitrary<List<WildcardPattern>> descriptions = Arbitraries.of(compiled(DESCRIPTION_PATTERNS))
                .list().ofMaxSize(1);
        Arbitrary<List<WildcardPattern>> rareDescriptions = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(List.<WildcardPattern>of())), net.jqwik.api.Tuple.of(1, descriptions));
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4), actions, maxRuntime, nodes,
                        opaque, opaque, rareDescriptions)
                .as((name, a, max, n, include, exclude, d) -> new CompiledRule(name, a, max, n, include, exclude, d, RuleFilters.NONE));
    }

    private Arbitrary<TaskListing> listings() {
        Arbitrary<TaskSpec> specs = Combinators.combine(
                        Arbitraries.of(ACTIONS), Arbitraries.of(NODES), Arbitraries.longs().between(0, 150_000),
                        Arbitraries.of(OPAQUE_IDS).injectNull(0.4), Arbitraries.integers().between(0, 12),
                        Arbitraries.of(DESCRIPTIONS).injectNull(0.3), Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(0, 1_000))
                .as(TaskSpec::new);
        return specs.list().ofMaxSize(40).map(TaskDeciderProperties::listing);
    }

    /**
     * Builds the tasks in order; a task is a root (parentKind 0-3), a child whose parent is not listed
     * (4: filtered out, finished, on a node not listed) or a child of a task built before it (5-9), so
     * trees of any depth appear, under persistent, governor-owned, cancelled and not-cancellable parents too.
     */
    private static TaskListing listing(List<TaskSpec> specs) {
        List<RunningTask> tasks = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            TaskSpec s = specs.get(i);
            String parent = null;
            if (s.parentKind() == 4) {
                parent = s.node() + ":gone" + s.parentPick();
            } else if (s.parentKind() >= 5 && i > 0) {
                parent = tasks.get(s.parentPick() % i).id();
            }
            Map<String, String> headers = s.opaqueId() == null ? Map.of() : Map.of("X-Opaque-Id", s.opaqueId());
            tasks.add(new RunningTask(s.node() + ":" + i, s.node(), "es-" + s.node(), s.action(),
                    s.flags() == 0 ? "persistent" : "transport", s.description(), 0, s.runningMs() * 1_000_000L,
                    s.flags() != 1, s.flags() == 2, parent, headers));
        }
        return new TaskListing(NOW, tasks, List.of());
    }
}
