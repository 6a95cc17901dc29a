package io.taskgovernor.reconcile;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.TasksApi;
import io.taskgovernor.enforce.ClusterPoller;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.enforce.PolicyResult;
import io.taskgovernor.policy.CompiledPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One poller per cluster, shared by every policy pointing at it (same URL, credentials and CA).
 * A policy moves between pollers when its cluster settings change; a poller with no policy left
 * is closed.
 */
public final class ClusterPollers implements AutoCloseable {
    private final Function<ClusterConnection, TasksApi> clients;
    private final Clock clock;
    private final PassLedger ledger;
    private final Consumer<String> onObservation;
    private final BiConsumer<ClusterConnection, PassResult> passListener;
    private final Map<ClusterConnection, ClusterPoller> pollers = new HashMap<>();
    private final Map<ClusterConnection, Map<String, CompiledPolicy>> policiesByCluster = new HashMap<>();
    private final Map<String, ClusterConnection> clusterOfPolicy = new HashMap<>();

    /**
     * @param onObservation told the key of each policy that has a new observation in the ledger
     * @param passListener  told of every pass (metrics)
     */
    public ClusterPollers(Function<ClusterConnection, TasksApi> clients, Clock clock, PassLedger ledger,
                          Consumer<String> onObservation, BiConsumer<ClusterConnection, PassResult> passListener) {
        this.clients = clients;
        this.clock = clock;
        this.ledger = ledger;
        this.onObservation = onObservation;
        this.passListener = passListener;
    }

    public synchronized void assign(CompiledPolicy policy, ClusterConnection cluster) {
        String key = policy.key();
        ClusterConnection previous = clusterOfPolicy.put(key, cluster);
        if (previous != null && !previous.equals(cluster)) {
            detach(key, previous);
        }
        Map<String, CompiledPolicy> policies = policiesByCluster.computeIfAbsent(cluster, c -> new HashMap<>());
        CompiledPolicy old = policies.put(key, policy);
        ClusterPoller poller = pollers.computeIfAbsent(cluster, this::newPoller);
        if (!policy.equals(old)) {
            poller.update(new ArrayList<>(policies.values()));
        }
    }

    public synchronized void remove(String policyKey) {
        ClusterConnection cluster = clusterOfPolicy.remove(policyKey);
        if (cluster != null) {
            detach(policyKey, cluster);
        }
        ledger.forget(policyKey);
    }

    public synchronized int pollerCount() {
        return pollers.size();
    }

    private void detach(String policyKey, ClusterConnection cluster) {
        Map<String, CompiledPolicy> policies = policiesByCluster.get(cluster);
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
        return new ClusterPoller(cluster.url().toString(), clients.apply(cluster),
                result -> recordPass(cluster, result), clock);
    }

    private void recordPass(ClusterConnection cluster, PassResult result) {
        passListener.accept(cluster, result);
        List<String> keys = new ArrayList<>();
        if (result.succeeded()) {
            for (PolicyResult policy : result.policies()) {
                String key = policy.policy().key();
                ledger.record(key, new PolicyObservation(result.finishedAt(), policy.evaluation(), null,
                        result.listing().nodeFailures(), policy.decisions(), policy.warnings()));
                keys.add(key);
            }
        } else {
            // A failed listing has no per-policy results; every policy of that cluster shares the failure.
            synchronized (this) {
                keys.addAll(policiesByCluster.getOrDefault(cluster, Map.of()).keySet());
            }
            for (String key : keys) {
                ledger.record(key, new PolicyObservation(result.finishedAt(), null, result.failure(), List.of(), List.of()));
            }
        }
        keys.forEach(onObservation);
    }

    @Override
    public synchronized void close() {
        pollers.values().forEach(ClusterPoller::close);
        pollers.clear();
        policiesByCluster.clear();
        clusterOfPolicy.clear();
    }
}
