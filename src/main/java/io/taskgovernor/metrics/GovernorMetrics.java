package io.taskgovernor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterUnauthorizedException;
import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.enforce.PolicyResult;
import io.taskgovernor.policy.PolicyKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The governor's own metrics. Labels are clusters, policies, rules and outcomes: all bounded by
 * configuration, never by traffic (no task ids, no opaque ids).
 */
public final class GovernorMetrics {
    private final MeterRegistry registry;
    private final Map<String, PolicyGauges> gauges = new ConcurrentHashMap<>();

    private static final class PolicyGauges {
        final AtomicInteger observed = new AtomicInteger();
        final AtomicInteger violations = new AtomicInteger();
        final AtomicInteger lingering = new AtomicInteger();
    }

    public GovernorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void onPass(ClusterConnection connection, PassResult result) {
        String cluster = clusterLabel(connection);
        Timer.builder("taskgovernor.pass.duration")
                .description("Time of one pass over a cluster: list, decide, cancel, bounded wait")
                .tag("cluster", cluster)
                .publishPercentileHistogram()
                .register(registry)
                .record(result.duration());
        Timer.builder("taskgovernor.pass.lateness")
                .description("How late a pass started after it was due (scheduler health)")
                .tag("cluster", cluster)
                .publishPercentileHistogram()
                .register(registry)
                .record(result.lateness());
        if (result.failure() != null) {
            String kind = result.failure() instanceof ClusterUnauthorizedException ? "unauthorized"
                    : result.failure() instanceof ClusterUnavailableException ? "unavailable" : "bad_response";
            errors(cluster, kind).increment();
            return;
        }
        if (!result.listing().nodeFailures().isEmpty()) {
            errors(cluster, "node_failure").increment(result.listing().nodeFailures().size());
        }
        Counter.builder("taskgovernor.tasks.listed").description("Tasks returned by list calls")
                .tag("cluster", cluster).register(registry).increment(result.listing().tasks().size());
        for (PolicyResult policy : result.policies()) {
            String key = policy.policy().key().toString();
            PolicyGauges g = gauges.computeIfAbsent(key, this::registerGauges);
            g.observed.set(policy.evaluation().governed());
            g.violations.set(policy.evaluation().violations());
            g.lingering.set(policy.evaluation().lingering().size());
            for (Decision decision : policy.decisions()) {
                Counter.builder("taskgovernor.cancellations")
                        .description("Decisions on violating tasks, by outcome")
                        .tags("policy", key, "rule", decision.rule(), "outcome", decision.outcome().name())
                        .register(registry).increment();
                DistributionSummary.builder("taskgovernor.cancel.overshoot")
                        .description("How far past maxRuntime a task was when the governor acted on it")
                        .baseUnit("seconds")
                        .tags("policy", key)
                        .serviceLevelObjectives(0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60)
                        .register(registry)
                        .record(decision.overshoot().toNanos() / 1e9);
            }
        }
    }

    private Counter errors(String cluster, String kind) {
        return Counter.builder("taskgovernor.elasticsearch.errors")
                .description("Failed or incomplete calls to a cluster")
                .tags("cluster", cluster, "kind", kind)
                .register(registry);
    }

    private PolicyGauges registerGauges(String key) {
        PolicyGauges g = new PolicyGauges();
        Tags tags = Tags.of("policy", key);
        Gauge.builder("taskgovernor.tasks.observed", g.observed, AtomicInteger::get)
                .description("Tasks a rule of the policy applied to in the last pass").tags(tags).register(registry);
        Gauge.builder("taskgovernor.violations", g.violations, AtomicInteger::get)
                .description("Tasks over their maxRuntime in the last pass").tags(tags).register(registry);
        Gauge.builder("taskgovernor.lingering.tasks", g.lingering, AtomicInteger::get)
                .description("Cancelled tasks still running in the last pass").tags(tags).register(registry);
        return g;
    }

    /** Drops a deleted policy's series so they do not linger in every scrape. */
    public void forgetPolicy(PolicyKey policy) {
        String key = policy.toString();
        gauges.remove(key);
        for (Meter meter : registry.getMeters()) {
            if (key.equals(meter.getId().getTag("policy"))) {
                registry.remove(meter);
            }
        }
    }

    static String clusterLabel(ClusterConnection connection) {
        var url = connection.url();
        return url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }
}
