package io.taskgovernor.policy;

import java.util.Comparator;
import java.util.Objects;

/**
 * Which policy: a namespaced TaskPolicy by namespace and name, a ClusterTaskPolicy by name alone.
 * Outside Kubernetes (the CLI's files) a TaskPolicy's namespace may be absent, then its name alone
 * tells it apart from other TaskPolicies.
 *
 * <p>{@link #toString()} is the text users see in messages, metric tags, the CLI's output and the
 * governor's {@code X-Opaque-Id}: {@code "namespace/name"} or the name alone for a TaskPolicy,
 * {@code "ClusterTaskPolicy/name"} for a ClusterTaskPolicy. No TaskPolicy key can have that text:
 * Kubernetes namespace names are lower case, so TaskPolicy {@code x/foo}, a namespace-less TaskPolicy
 * {@code foo} and ClusterTaskPolicy {@code foo} are three keys with three texts (metric series, decision
 * memory, status, opaque ids never mix them).
 *
 * <p>Order (the order policies act in, {@link TaskDecider#ACTING_ORDER}): ClusterTaskPolicies first,
 * then TaskPolicies; each group by its text. Platform teams' policies act before the namespaced ones of
 * application teams, so a TaskPolicy overlapping a ClusterTaskPolicy never takes the cancels (their
 * counters, their waits, their budget) of the cluster-wide guardrail.
 *
 * @param namespace     null or empty outside Kubernetes, always null for a cluster-scoped policy
 * @param name          never null
 * @param clusterScoped a ClusterTaskPolicy
 */
public record PolicyKey(String namespace, String name, boolean clusterScoped) implements Comparable<PolicyKey> {
    /** The first part of a ClusterTaskPolicy's key text; upper case, so no namespace name can equal it. */
    public static final String CLUSTER_SCOPED_PREFIX = "ClusterTaskPolicy/";

    private static final Comparator<PolicyKey> ACTING = Comparator
            .comparing((PolicyKey key) -> !key.clusterScoped())
            .thenComparing(PolicyKey::toString);

    public PolicyKey {
        Objects.requireNonNull(name, "name");
        namespace = clusterScoped || namespace == null || namespace.isEmpty() ? null : namespace;
    }

    /** A TaskPolicy's key. */
    public PolicyKey(String namespace, String name) {
        this(namespace, name, false);
    }

    /** A ClusterTaskPolicy's key. */
    public static PolicyKey clusterScoped(String name) {
        return new PolicyKey(null, name, true);
    }

    /** The kind of the policy, as Kubernetes names it. */
    public String kind() {
        return clusterScoped ? "ClusterTaskPolicy" : "TaskPolicy";
    }

    /** The kind and the key as people write them: {@code TaskPolicy search/runaway}, {@code ClusterTaskPolicy runaway}. */
    public String describe() {
        return kind() + " " + (clusterScoped ? name : toString());
    }

    @Override
    public int compareTo(PolicyKey other) {
        return ACTING.compare(this, other);
    }

    @Override
    public String toString() {
        if (clusterScoped) {
            return CLUSTER_SCOPED_PREFIX + name;
        }
        return namespace == null ? name : namespace + "/" + name;
    }
}
