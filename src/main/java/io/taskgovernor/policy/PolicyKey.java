package io.taskgovernor.policy;

import java.util.Comparator;
import java.util.Objects;

/**
 * Which policy: its namespace and name. Outside Kubernetes (the CLI's files) the namespace may be
 * absent, then the name alone tells policies apart.
 *
 * <p>{@link #toString()} is the text users see in messages, metric tags, the CLI's output and the
 * governor's {@code X-Opaque-Id}: {@code "namespace/name"}, or the name alone. Keys are ordered as
 * that text, which is the order policies act in ({@link TaskDecider#ACTING_ORDER}).
 *
 * @param namespace null or empty outside Kubernetes
 * @param name      never null
 */
public record PolicyKey(String namespace, String name) implements Comparable<PolicyKey> {
    private static final Comparator<PolicyKey> BY_TEXT = Comparator.comparing(PolicyKey::toString);

    public PolicyKey {
        Objects.requireNonNull(name, "name");
        namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    }

    @Override
    public int compareTo(PolicyKey other) {
        return BY_TEXT.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
