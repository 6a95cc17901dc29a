package io.taskgovernor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.taskgovernor.audit.AuditTrail;
import io.taskgovernor.audit.AuditTrails;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.ElasticsearchRequests;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.enforce.PolicyResult;
import java.time.Duration;
import io.taskgovernor.policy.PolicyKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The governor's own metrics. Labels are clusters, policies, rules and outcomes: all bounded by
 * configuration, never by traffic (no task ids, no opaque ids). Counters count events: a decision
 * is counted when it is made, and a dry-run or not-cancellable one once per task however many
 * passes see it (the pass leaves repeats out, see {@code PolicyResult}). Durations are Timers,
 * scraped in seconds.
 */
public final class GovernorMetrics {
    /** Overshoot buckets: the scheduler aims at cancelling within 250 ms of a deadline. */
    static final Duration[] OVERSHOOT_BUCKETS = {
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final Map<String, PolicyGauges> gauges = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> leading = new ConcurrentHashMap<>();

    private static final class PolicyGauges {
        final AtomicInteger governed = new AtomicInteger();
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
        countRequests(cluster, result.requests());
        if (result.failure() != null) {
            String kind = result.failure().isUnauthorized() ? "unauthorized"
                    : result.failure().isUnavailable() ? "unavailable" : "bad_response";
            errors(cluster, kind).increment();
            return;
        }
        // A pass between listings goes on the last listing: its tasks and node failures were counted then.
        if (result.listed() && !result.listing().nodeFailures().isEmpty()) {
            errors(cluster, "node_failure").increment(result.listing().nodeFailures().size());
        }
        if (result.listed()) {
            Counter.builder("taskgovernor.tasks.listed").description("Tasks returned by list calls")
                    .tag("cluster", cluster).register(registry).increment(result.listing().tasks().size());
        }
        for (PolicyResult policy : result.policies()) {
            String key = policy.policy().key().toString();
            PolicyGauges g = gauges.computeIfAbsent(key, this::registerGauges);
            g.governed.set(policy.evaluation().governed());
            g.violations.set(policy.evaluation().violations());
            g.lingering.set(policy.evaluation().lingering().size());
            for (Decision decision : policy.decisions()) {
                Counter.builder("taskgovernor.decisions")
                        .description("Decisions on violating tasks, by outcome; a task left as it was (dry run, "
                                + "not cancellable) counts once")
                        .tags("policy", key, "rule", decision.rule(), "outcome", decision.outcome().name())
                        .register(registry).increment();
                if (decision.outcome().cancelSent()) {
                    Timer.builder("taskgovernor.cancel.overshoot")
                            .description("How far past maxRuntime a task was when listed, for cancels sent and answered")
                            .tags("policy", key)
                            .serviceLevelObjectives(OVERSHOOT_BUCKETS)
                            .register(registry)
                            .record(decision.overshoot());
                }
            }
        }
    }

    /**
     * Counts one audit trail's documents ({@code taskgovernor_audit_documents_total}, by {@code result}:
     * {@code written}, {@code dropped} (buffer full, or unsent at close), {@code refused} (by the cluster,
     * for good)), its retried bulk requests and its buffer, read from the trail when scraped.
     */
    public void bindAudit(AuditTrails.Destination where, AuditTrail trail) {
        String cluster = clusterLabel(where.cluster());
        for (String result : new String[] {"written", "dropped", "refused"}) {
            FunctionCounter.builder("taskgovernor.audit.documents", trail, t -> switch (result) {
                        case "written" -> t.health().written();
                        case "dropped" -> t.health().dropped();
                        default -> t.health().refused();
                    })
                    .description("Audit documents, by what became of them: written, dropped (buffer full, or unsent at close), "
                            + "refused (by the cluster, for good)")
                    .tags("cluster", cluster, "data_stream", where.dataStream(), "result", result)
                    .register(registry);
        }
        FunctionCounter.builder("taskgovernor.audit.retries", trail, t -> t.health().retries())
                .description("Audit bulk requests sent again after the cluster did not answer or refused for now")
                .tags("cluster", cluster, "data_stream", where.dataStream())
                .register(registry);
        Gauge.builder("taskgovernor.audit.buffered", trail, t -> t.health().buffered())
                .description("Audit documents waiting to be written")
                .tags("cluster", cluster, "data_stream", where.dataStream())
                .register(registry);
        Gauge.builder("taskgovernor.audit.failing", trail, t -> t.health().failing() ? 1 : 0)
                .description("1 while the audit trail has a problem (the cluster does not answer or refuses documents)")
                .tags("cluster", cluster, "data_stream", where.dataStream())
                .register(registry);
    }

    private void countRequests(String cluster, ElasticsearchRequests requests) {
        request(cluster, "list").increment(requests.list());
        request(cluster, "nodes").increment(requests.nodes());
        request(cluster, "cancel").increment(requests.cancel());
        request(cluster, "wait").increment(requests.await());
    }

    private Counter request(String cluster, String call) {
        return Counter.builder("taskgovernor.elasticsearch.requests")
                .description("Requests sent to a cluster, by call: list (GET _tasks, to every node), nodes"
                        + " (GET _nodes/<spec>/_none), cancel (POST _tasks/<id>/_cancel), wait (GET _tasks/<id>)")
                .tags("cluster", cluster, "call", call)
                .register(registry);
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
        Gauge.builder("taskgovernor.governed.tasks", g.governed, AtomicInteger::get)
                .description("Tasks a rule of the policy governed (matched, not protected) in the last pass").tags(tags).register(registry);
        Gauge.builder("taskgovernor.violations", g.violations, AtomicInteger::get)
                .description("Tasks over their maxRuntime in the last pass").tags(tags).register(registry);
        Gauge.builder("taskgovernor.lingering.tasks", g.lingering, AtomicInteger::get)
                .description("Cancelled tasks still running in the last pass").tags(tags).register(registry);
        return g;
    }

    /**
     * Sets {@code taskgovernor_leader{lease}}: 1 while this process governs (holds the Lease {@code lease}, or runs
     * without leader election, then {@code lease} is empty), 0 while it waits as a follower. The alerts read it: a
     * shard whose replicas all say 0 governs nothing, with every pod Ready.
     */
    public void leading(String lease, boolean governs) {
        leading.computeIfAbsent(lease, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("taskgovernor.leader", value, AtomicInteger::get)
                    .description("1 while this process governs (holds its Lease, or runs without leader election), else 0")
                    .tag("lease", name).register(registry);
            return value;
        }).set(governs ? 1 : 0);
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
