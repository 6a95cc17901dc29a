package io.taskgovernor.policy;

import java.time.Duration;
import java.util.List;

/** A validated rule: patterns compiled, durations parsed. Empty filter lists mean "no restriction". */
public record CompiledRule(
        String name,
        List<WildcardPattern> actions,
        Duration maxRuntime,
        List<String> nodes,
        List<WildcardPattern> opaqueIds,
        List<WildcardPattern> excludeOpaqueIds,
        List<WildcardPattern> descriptions) {

    public CompiledRule {
        actions = List.copyOf(actions);
        nodes = List.copyOf(nodes);
        opaqueIds = List.copyOf(opaqueIds);
        excludeOpaqueIds = List.copyOf(excludeOpaqueIds);
        descriptions = List.copyOf(descriptions);
    }
}
