package io.taskgovernor.reconcile;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator process runs, from its environment (the Deployment sets these).
 *
 * @param namespaces     namespaces to watch; empty watches all
 * @param leaseNamespace where the leader-election Lease lives; null disables leader election
 */
public record OperatorSettings(
        Set<String> namespaces,
        String leaseName,
        String leaseNamespace,
        Duration leaseDuration,
        String identity,
        int healthPort,
        boolean exitOnStopLeading) {

    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        String watch = env.getOrDefault("WATCH_NAMESPACES", "").trim();
        Set<String> namespaces = watch.isEmpty() || "*".equals(watch) ? Set.of()
                : Arrays.stream(watch.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        boolean leaderElection = !"false".equalsIgnoreCase(env.getOrDefault("LEADER_ELECTION", "true"));
        String leaseNamespace = leaderElection ? env.getOrDefault("LEASE_NAMESPACE", env.get("POD_NAMESPACE")) : null;
        String identity = env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "task-governor"));
        int port = Integer.parseInt(env.getOrDefault("HEALTH_PORT", "8080"));
        return new OperatorSettings(namespaces, env.getOrDefault("LEASE_NAME", "task-governor-leader"), leaseNamespace,
                Duration.ofSeconds(15), identity, port, true);
    }

    public boolean leaderElection() {
        return leaseNamespace != null && !leaseNamespace.isBlank();
    }
}
