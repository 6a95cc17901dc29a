package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PolicyKeyTest {
    @Test
    void readsAsNamespaceSlashNameOrTheNameAlone() {
        assertThat(new PolicyKey("search", "runaway")).hasToString("search/runaway");
        assertThat(new PolicyKey(null, "runaway")).hasToString("runaway");
        assertThat(new PolicyKey("", "runaway")).as("an empty namespace is none").isEqualTo(new PolicyKey(null, "runaway"));
    }

    @Test
    void ordersAsItsTextSoThePolicyOrderUsersSeeIsTheActingOrder() {
        // "a-b/y" < "a/x" as text ('-' sorts before '/'), although namespace "a" < "a-b".
        List<PolicyKey> sorted = Stream.of(new PolicyKey("a", "x"), new PolicyKey(null, "b"), new PolicyKey("a-b", "y"))
                .sorted().toList();
        assertThat(sorted).extracting(PolicyKey::toString).containsExactly("a-b/y", "a/x", "b");
    }
}
