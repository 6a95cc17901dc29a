package io.taskgovernor.enforce;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.PolicyKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The pollers and their lifecycle: one per cluster (same URL, credentials and CA), shared by every
 * policy pointing at it, created with its first policy and closed with its last. A policy whose
 * cluster settings change moves to the poller of its new cluster. A poller is given its policies
 * sorted by key (ClusterTaskPolicies first, then namespace/name: {@code PolicyKey}), so which of two
 * overlapping policies acts first does not depend on the order they arrived in. Used by the operator and by the CLI's {@code run}.
 */
public final class ClusterPollers implements AutoCloseable {
    private final Function<ClusterConnection, TasksApi> clients;
    private final Function<ClusterConnection, PassScheduler> schedulers;
    private final Clock clock;
    private final PassListener listener;
    private final Duration closeWait;
    private final Map<ClusterConnection, ClusterPoller> pollers = new HashMap<>();
    private final Map<ClusterConnection, SortedMap<PolicyKey, CompiledPolicy>> policiesByCluster = new HashMap<>();
    private final Map<PolicyKey, ClusterConnection> clusterOfPolicy = new HashMap<>();
    private boolean closed;

    /**
     * @param clients    opens a client to a cluster when its first policy arrives; its poller closes it
     * @param schedulers where a new cluster's passes run ({@link ThreadPassScheduler#perCluster} in production)
     * @param listener   told of every pass of every poller, on that poller's thread
     * @param closeWait  how long closing a poller waits for its running pass ({@link ClusterPoller#CLOSE_WAIT}
     *                   in production)
     */
    public ClusterPollers(Function<ClusterConnection, TasksApi> clients,
                          Function<ClusterConnection, PassScheduler> schedulers, Clock clock, PassListener listener,
                          Duration closeWait) {
        this.clients = clients;
        this.schedulers = schedulers;
        this.clock = clock;
        this.listener = listener;
        this.closeWait = closeWait;
    }

    /**
     * Governs {@code policy} on {@code cluster} from now on, moving it off the cluster it was on. An
     * unchanged policy on an unchanged cluster leaves the poller's schedule alone. Does nothing once
     * closed.
     */
    /** @throws RuntimeException when no client can be built for the cluster; nothing has changed then */
    public synchronized void assign(CompiledPolicy policy, ClusterConnection cluster) {
        if (closed) {
            return;
        }
        // First what can fail, so that a failed assignment leaves no half-made state for the retry to trust.
        ClusterPoller poller = pollers.computeIfAbsent(cluster, this::newPoller);
        PolicyKey key = policy.key();
        ClusterConnection previous = clusterOfPolicy.put(key, cluster);
        if (previous != null && !previous.equals(cluster)) {
            detach(key, previous);
        }
        SortedMap<PolicyKey, CompiledPolicy> policies = policiesByCluster.computeIfAbsent(cluster, c -> new TreeMap<>());
        CompiledPolicy old = policies.put(key, policy);
        if (!policy.equals(old)) {
            poller.update(new ArrayList<>(policies.values()));
        }
    }

    /** Stops governing the policy; closes its cluster's poller when no policy is left on it. */
    public synchronized void remove(PolicyKey policyKey) {
        ClusterConnection cluster = clusterOfPolicy.remove(policyKey);
        if (cluster != null) {
            detach(policyKey, cluster);
        }
    }

    public synchronized int pollerCount() {
        return pollers.size();
    }

    private void detach(PolicyKey policyKey, ClusterConnection cluster) {
        SortedMap<PolicyKey, CompiledPolicy> policies = policiesByCluster.get(cluster);
        if (policies == null) {
            return;
        }
        policies.remove(policyKey);
        ClusterPoller poller = pollers.get(cluster);
        if (policies.isEmpty()) {
            policiesByCluster.remove(cluster);
            pollers.remove(cluster);
            if (poller != null) {
                poller.close();
            }
        } else if (poller != null) {
            poller.update(new ArrayList<>(policies.values()));
        }
    }

    private ClusterPoller newPoller(ClusterConnection cluster) {
        return new ClusterPoller(cluster, clients.apply(cluster), schedulers.apply(cluster), clock, listener, closeWait);
    }

    /** Closes every poller (each waits for a running pass, see {@link ClusterPoller#close()}); assigns after this start nothing. */
    @Override
    public synchronized void close() {
        closed = true;
        pollers.values().forEach(ClusterPoller::close);
        pollers.clear();
        policiesByCluster.clear();
        clusterOfPolicy.clear();
    }
}
