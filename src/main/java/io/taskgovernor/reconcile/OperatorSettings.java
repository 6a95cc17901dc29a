package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.client.utils.KubernetesResourceUtil;
import io.taskgovernor.enforce.ClusterPoller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator process runs, from its environment (the Deployment sets these).
 *
 * @param namespaces     namespaces to watch; empty watches all
 * @param leaseNamespace where the leader-election Lease lives; null disables leader election
 * @param healthPort     port of /metrics, /healthz and /readyz; 0 picks a free one (tests only)
 * @param policySelector the TaskPolicies and ClusterTaskPolicies this process governs (one shard of several
 *                       Deployments); null governs every policy it can see
 * @param allowCrossNamespaceReferences whether a policy's {@code elasticsearchRef} may name an Elasticsearch
 *                       (and so its CA Secret) in another namespace than the policy's; off by default, as in ECK
 * @param clusterResourceNamespace where the Secrets that ClusterTaskPolicies name live
 *                       ({@value #CLUSTER_RESOURCE_NAMESPACE}, else {@value #POD_NAMESPACE}); null when
 *                       neither is set: a ClusterTaskPolicy naming a Secret is then not Ready
 * @param pollerCloseWait how long taking a cluster's last policy off its poller waits for a running pass that
 *                       ignores its interrupt before closing the client under it ({@link ClusterPoller#CLOSE_WAIT};
 *                       tests that hold a pass on purpose inject less)
 */
public record OperatorSettings(
        Set<String> namespaces,
        String leaseName,
        String leaseNamespace,
        Duration leaseDuration,
        String identity,
        int healthPort,
        boolean exitOnStopLeading,
        PolicySelector policySelector,
        boolean allowCrossNamespaceReferences,
        String clusterResourceNamespace,
        Duration pollerCloseWait) {

    public static final String DEFAULT_LEASE_NAME = "task-governor-leader";

    public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
    public static final String LEADER_ELECTION = "LEADER_ELECTION";
    public static final String LEASE_NAME = "LEASE_NAME";
    public static final String LEASE_NAMESPACE = "LEASE_NAMESPACE";
    public static final String POD_NAMESPACE = "POD_NAMESPACE";
    public static final String POD_NAME = "POD_NAME";
    public static final String HEALTH_PORT = "HEALTH_PORT";
    public static final String POLICY_SELECTOR = "POLICY_SELECTOR";
    public static final String ALLOW_CROSS_NAMESPACE_REFERENCES = "ALLOW_CROSS_NAMESPACE_REFERENCES";
    public static final String CLUSTER_RESOURCE_NAMESPACE = "CLUSTER_RESOURCE_NAMESPACE";

    /**
     * Reads the environment; a variable set to blank counts as unset.
     *
     * @throws InvalidSettingsException naming every variable with a bad value, and what it accepts
     */
    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Set<String> namespaces = namespaces(value(env, WATCH_NAMESPACES), problems);
        String leaseName = name(env, LEASE_NAME, problems, DEFAULT_LEASE_NAME);
        String leaseNamespace = namespace(env, LEASE_NAMESPACE, problems);
        String podNamespace = namespace(env, POD_NAMESPACE, problems);
        if (leaseNamespace == null) {
            leaseNamespace = podNamespace;
        }
        String clusterResourceNamespace = namespace(env, CLUSTER_RESOURCE_NAMESPACE, problems);
        if (clusterResourceNamespace == null) {
            clusterResourceNamespace = podNamespace;
        }
        String podName = name(env, POD_NAME, problems, null);
        String identity = podName != null ? podName : env.getOrDefault("HOSTNAME", "task-governor");
        int port = port(value(env, HEALTH_PORT), problems);

        String election = value(env, LEADER_ELECTION);
        boolean leaderElection;
        if (election == null) {
            // Unset: elect when there is a namespace to hold the Lease (a run outside a cluster has none).
            leaderElection = leaseNamespace != null;
        } else if (election.equalsIgnoreCase("true") || election.equalsIgnoreCase("false")) {
            leaderElection = Boolean.parseBoolean(election.toLowerCase());
            if (leaderElection && leaseNamespace == null) {
                problems.add(LEADER_ELECTION + "=true needs " + POD_NAMESPACE + " (or " + LEASE_NAMESPACE
                        + ") to say where the Lease lives");
            }
        } else {
            problems.add(LEADER_ELECTION + "=" + quoted(election) + ": expected true or false");
            leaderElection = false;
        }
        PolicySelector selector = selector(value(env, POLICY_SELECTOR), problems);
        if (selector != null && leaderElection && value(env, LEASE_NAME) == null) {
            // Shards sharing one Lease would elect one leader among them all: the other shards' policies
            // would go ungoverned, with every pod Ready.
            problems.add(POLICY_SELECTOR + " needs its own " + LEASE_NAME + " (one Lease per shard; two shards on one"
                    + " Lease would leave all but one shard's policies ungoverned)");
        }
        boolean crossNamespace = bool(env, ALLOW_CROSS_NAMESPACE_REFERENCES, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new OperatorSettings(namespaces, leaseName, leaderElection ? leaseNamespace : null,
                Duration.ofSeconds(15), identity, port, true, selector, crossNamespace, clusterResourceNamespace,
                ClusterPoller.CLOSE_WAIT);
    }

    /**
     * Whether this process governs ClusterTaskPolicies: only when it watches all namespaces. A process
     * limited to some namespaces ({@value #WATCH_NAMESPACES}) is a namespaced install: it may hold Roles
     * only, and several such installs side by side would each govern every ClusterTaskPolicy. Label
     * shards ({@value #POLICY_SELECTOR}) split ClusterTaskPolicies like TaskPolicies.
     */
    public boolean governsClusterPolicies() {
        return namespaces.isEmpty();
    }

    public boolean leaderElection() {
        return leaseNamespace != null && !leaseNamespace.isBlank();
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Set<String> namespaces(String watch, List<String> problems) {
        if (watch == null || "*".equals(watch)) {
            return Set.of();
        }
        // A trailing or doubled comma is a typo nobody should restart a pod for.
        List<String> names = Arrays.stream(watch.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String name : names) {
            if ("*".equals(name)) {
                problems.add(WATCH_NAMESPACES + "=" + quoted(watch) + ": \"*\" means all namespaces and cannot be"
                        + " combined with names (leave it empty or \"*\" for all)");
            } else if (!KubernetesResourceUtil.isValidName(name)) {
                problems.add(WATCH_NAMESPACES + "=" + quoted(watch) + ": " + quoted(name) + " is not a namespace name"
                        + " (lowercase letters, digits and '-', at most 63)");
            }
        }
        return names.stream().collect(Collectors.toUnmodifiableSet());
    }

    private static PolicySelector selector(String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            return PolicySelector.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(POLICY_SELECTOR + "=" + quoted(value) + ": " + e.getMessage()
                    + " (a Kubernetes label selector, e.g. governor-shard=a or governor-shard in (a,b))");
            return null;
        }
    }

    private static String namespace(Map<String, String> env, String variable, List<String> problems) {
        String value = value(env, variable);
        if (value != null && !KubernetesResourceUtil.isValidName(value)) {
            problems.add(variable + "=" + quoted(value) + ": not a namespace name (lowercase letters, digits and '-', at most 63)");
            return null;
        }
        return value;
    }

    private static String name(Map<String, String> env, String variable, List<String> problems, String otherwise) {
        String value = value(env, variable);
        if (value == null) {
            return otherwise;
        }
        if (!KubernetesResourceUtil.isValidSubdomainName(value)) {
            problems.add(variable + "=" + quoted(value) + ": not a Kubernetes object name"
                    + " (lowercase letters, digits, '-' and '.', at most 253)");
            return otherwise;
        }
        return value;
    }

    /** true or false in any case; unset is false. */
    private static boolean bool(Map<String, String> env, String variable, List<String> problems) {
        String value = value(env, variable);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        problems.add(variable + "=" + quoted(value) + ": expected true or false");
        return false;
    }

    private static int port(String value, List<String> problems) {
        if (value == null) {
            return 8080;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, with the accepted range
        }
        problems.add(HEALTH_PORT + "=" + quoted(value) + ": not a port number (1-65535)");
        return 8080;
    }

    private static String quoted(String value) {
        // The problems are printed on one line: a pasted newline must not split it.
        return "\"" + value.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
