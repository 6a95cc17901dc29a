package io.taskgovernor.enforce;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.ResolvedNodes;
import io.taskgovernor.testing.FakeTasksApi;
import io.taskgovernor.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NodeSpecCacheTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T08:00:00Z"));
    private final NodeSpecCache cache = new NodeSpecCache(clock);
    private final AtomicInteger generation = new AtomicInteger();
    /** A cluster where "warm-*" selects a node whose id changes with every answer, to tell answers apart. */
    private final FakeTasksApi cluster = new FakeTasksApi().nodes(spec -> switch (spec) {
        case "warm-*" -> Set.of("warm-" + generation.incrementAndGet());
        case "data:true,master:false" -> Set.of("d1", "d2");
        default -> Set.of();
    });

    private static CompiledPolicy onNodes(String name, String... nodes) {
        return policy(name).rule(rule("r", Duration.ofMinutes(1), "indices:*").nodes(nodes).build()).build();
    }

    @Test
    void eachDistinctSpecificationIsResolvedOnceWithTheGovernorsOpaqueIdAndTheEntriesJoinedInOrder() {
        CompiledPolicy a = onNodes("a", "warm-*");
        CompiledPolicy b = onNodes("b", "warm-*");
        CompiledPolicy c = onNodes("c", "data:true", "master:false");
        CompiledPolicy open = policy("open").rule(rule("r", Duration.ofMinutes(1), "*").build()).build();

        ResolvedNodes resolved = cache.resolve(List.of(a, b, c, open), cluster, TIMEOUT);

        assertThat(cluster.calls("nodes")).extracting(FakeTasksApi.Call::taskId)
                .containsExactly("warm-*", "data:true,master:false");
        assertThat(cluster.calls("nodes")).allSatisfy(call -> {
            assertThat(call.opaqueId()).isEqualTo("task-governor/nodes");
            assertThat(call.waited()).isEqualTo(TIMEOUT);
        });
        assertThat(resolved.idsBySpec()).isEqualTo(Map.of("warm-*", Set.of("warm-1"), "data:true,master:false", Set.of("d1", "d2")));
    }

    @Test
    void anAnswerIsUsedForTheTtlAndAskedForAgainAfterIt() {
        List<CompiledPolicy> policies = List.of(onNodes("a", "warm-*"));
        cache.resolve(policies, cluster, TIMEOUT);

        clock.advance(NodeSpecCache.TTL.minusMillis(1));
        assertThat(cache.resolve(policies, cluster, TIMEOUT).idsBySpec().get("warm-*")).containsExactly("warm-1");
        assertThat(cluster.calls("nodes")).hasSize(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(cache.resolve(policies, cluster, TIMEOUT).idsBySpec().get("warm-*")).containsExactly("warm-2");
        assertThat(cluster.calls("nodes")).hasSize(2);
    }

    @Test
    void aChangedSpecificationIsResolvedAtOnceAndOneNoRuleNamesIsForgotten() {
        cache.resolve(List.of(onNodes("a", "warm-*")), cluster, TIMEOUT);

        ResolvedNodes changed = cache.resolve(List.of(onNodes("a", "data:true", "master:false")), cluster, TIMEOUT);
        assertThat(changed.idsBySpec()).containsOnlyKeys("data:true,master:false");

        // Back to the first spec within its TTL: it was dropped, so it is asked for again.
        cache.resolve(List.of(onNodes("a", "warm-*")), cluster, TIMEOUT);
        assertThat(cluster.calls("nodes")).extracting(FakeTasksApi.Call::taskId)
                .containsExactly("warm-*", "data:true,master:false", "warm-*");
    }

    @Test
    void anotherClustersClientStartsOver() {
        List<CompiledPolicy> policies = List.of(onNodes("a", "warm-*"));
        cache.resolve(policies, cluster, TIMEOUT);
        FakeTasksApi other = new FakeTasksApi().nodes(spec -> Set.of("other-warm"));

        assertThat(cache.resolve(policies, other, TIMEOUT).idsBySpec().get("warm-*")).containsExactly("other-warm");
    }

    @Test
    void aFailedResolutionIsThrownAndNotRemembered() {
        FakeTasksApi failing = new FakeTasksApi().nodes(spec -> {
            throw new ClusterUnavailableException("resolve nodes warm-*: connection refused", null);
        });
        List<CompiledPolicy> policies = List.of(onNodes("a", "warm-*"));

        assertThatThrownBy(() -> cache.resolve(policies, failing, TIMEOUT)).isInstanceOf(ClusterUnavailableException.class);
        assertThatThrownBy(() -> cache.resolve(policies, failing, TIMEOUT)).isInstanceOf(ClusterUnavailableException.class);
        assertThat(failing.calls("nodes")).hasSize(2);
    }

    @Test
    void policiesWithoutNodeRulesCostNoCall() {
        CompiledPolicy open = policy("open").rule(rule("r", Duration.ofMinutes(1), "*").build()).build();

        assertThat(cache.resolve(List.of(open), cluster, TIMEOUT)).isEqualTo(ResolvedNodes.NONE);
        assertThat(cluster.calls("nodes")).isEmpty();
    }
}
