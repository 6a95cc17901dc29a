package io.taskgovernor.audit;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.DataStreamWriter;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.PassListener;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.enforce.PolicyResult;
import io.taskgovernor.policy.AuditDestination;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.PolicyKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit data streams of every policy that has one ({@code spec.audit.dataStream}): one
 * {@link AuditTrail} per data stream and cluster, shared by the policies writing there. Told of every
 * pass ({@link PassListener}, on the poller's thread), it hands each decision over without waiting.
 * A destination on the governed cluster uses the governed cluster's connection; one on another cluster
 * uses the connection {@link #route} gave the policy (the caller resolves its credentials).
 */
public final class AuditTrails implements PassListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrails.class);

    /** One data stream on one cluster. */
    public record Destination(ClusterConnection cluster, String dataStream) {}

    private final BiFunction<ClusterConnection, String, DataStreamWriter> writers;
    private final AuditTrail.Settings settings;
    private final Clock clock;
    private final BiConsumer<Destination, AuditTrail> onOpen;
    private final Map<Destination, AuditTrail> trails = new ConcurrentHashMap<>();
    /** The resolved other cluster of each policy whose data stream is not on its governed cluster. */
    private final Map<PolicyKey, ClusterConnection> routes = new ConcurrentHashMap<>();
    /** Where each policy's decisions went last: its trail's health is the policy's audit health. */
    private final Map<PolicyKey, Destination> used = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final Consumer<PolicyKey> wake;

    /**
     * @param writers opens the bulk client of a destination (e.g. {@code DataStreamWriter::new})
     * @param onOpen  told of each trail opened, e.g. to register its metrics
     * @param wake    told of each policy writing to a trail whose health changed (it starts or stops
     *                failing, or first writes), on the trail's thread; e.g. to record it in status
     */
    public AuditTrails(BiFunction<ClusterConnection, String, DataStreamWriter> writers, AuditTrail.Settings settings,
                       Clock clock, BiConsumer<Destination, AuditTrail> onOpen, Consumer<PolicyKey> wake) {
        this.wake = wake;
        this.writers = writers;
        this.settings = settings;
        this.clock = clock;
        this.onOpen = onOpen;
    }

    /**
     * Sets the cluster a policy's data stream is on, when it is not the governed cluster
     * ({@code spec.audit.dataStream.elasticsearch}); null removes it.
     */
    public void route(PolicyKey policy, ClusterConnection otherCluster) {
        if (otherCluster == null) {
            routes.remove(policy);
        } else {
            routes.put(policy, otherCluster);
        }
    }

    /** The policy has gone: its route and health go; its trail stays open for the others writing there. */
    public void forget(PolicyKey policy) {
        routes.remove(policy);
        used.remove(policy);
    }

    @Override
    public void onPass(ClusterConnection cluster, List<CompiledPolicy> governed, PassResult result) {
        if (closed) {
            return;
        }
        try {
            handOver(cluster, result);
        } catch (RuntimeException e) {
            // The audit trail never stands in the way of enforcement: the pass is done, its poller goes on.
            LOG.warn("audit: decisions of a pass on {} not handed over: {}", cluster.url(), e.toString());
        }
    }

    private void handOver(ClusterConnection cluster, PassResult result) {
        for (PolicyResult share : result.policies()) {
            CompiledPolicy policy = share.policy();
            AuditDestination destination = policy.audit().dataStream();
            if (destination == null || share.decisions().isEmpty()) {
                continue;
            }
            ClusterConnection target = destination.cluster() == null ? cluster : routes.get(policy.key());
            if (target == null) {
                continue; // its other cluster's credentials are not resolved: the caller reports that
            }
            Destination where = new Destination(target, destination.dataStream());
            used.put(policy.key(), where);
            AuditTrail trail = trails.containsKey(where) ? trails.get(where) : open(where);
            for (Decision decision : share.decisions()) {
                trail.offer(AuditDocument.of(decision, cluster.url(), policy.dryRun()));
            }
        }
    }

    /** Pollers of several clusters may write to one destination: it is opened once. */
    private synchronized AuditTrail open(Destination where) {
        AuditTrail trail = trails.get(where);
        if (trail == null) {
            trail = new AuditTrail(() -> writers.apply(where.cluster(), where.dataStream()), where.dataStream(), settings, clock);
            trail.onChange(() -> used.forEach((policy, to) -> {
                if (to.equals(where)) {
                    wake.accept(policy);
                }
            }));
            trails.put(where, trail);
            onOpen.accept(where, trail);
        }
        return trail;
    }

    /** The trail at a destination, once a decision has been written there. */
    public Optional<AuditTrail> trail(Destination where) {
        return Optional.ofNullable(trails.get(where));
    }

    /** The health of the trail the policy's decisions last went to; empty before its first decision. */
    public Optional<AuditTrail.Health> health(PolicyKey policy) {
        Destination where = used.get(policy);
        return where == null ? Optional.empty() : trail(where).map(AuditTrail::health);
    }

    /** Every trail sends what it holds (each within its flush time) and closes. */
    @Override
    public void close() {
        closed = true;
        trails.values().parallelStream().forEach(AuditTrail::close);
    }
}
