package io.taskgovernor.testing;

import io.taskgovernor.policy.AuditSettings;
import io.taskgovernor.policy.CancellationSettings;
import io.taskgovernor.policy.ClusterTarget;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.CompiledRule;
import io.taskgovernor.policy.PolicyKey;
import io.taskgovernor.policy.RuleFilters;
import io.taskgovernor.policy.WildcardPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds compiled policies for plain unit tests without going through YAML and validation. */
public final class PolicyBuilder {
    private String name = "test-policy";
    private String namespace;
    private boolean clusterScoped;
    private String url = "http://127.0.0.1:9200";
    private Duration interval = Duration.ofSeconds(15);
    private boolean dryRun;
    private final List<CompiledRule> rules = new ArrayList<>();
    private CancellationSettings cancellation = CancellationSettings.defaults();
    private AuditSettings audit = AuditSettings.DEFAULT;

    public static PolicyBuilder policy(String name) {
        PolicyBuilder builder = new PolicyBuilder();
        builder.name = name;
        return builder;
    }

    public PolicyBuilder url(String url) { this.url = url; return this; }
    public PolicyBuilder interval(Duration interval) { this.interval = interval; return this; }
    public PolicyBuilder dryRun() { this.dryRun = true; return this; }
    /** A TaskPolicy in this namespace (none by default, as in the CLI's files). */
    public PolicyBuilder namespace(String namespace) { this.namespace = namespace; return this; }
    /** A ClusterTaskPolicy. */
    public PolicyBuilder clusterScoped() { this.clusterScoped = true; return this; }
    public PolicyBuilder rule(CompiledRule rule) { rules.add(rule); return this; }
    public PolicyBuilder audit(AuditSettings audit) { this.audit = audit; return this; }
    /** {@code spec.audit.description: false}: decisions keep no description, the listing needs no detail for them. */
    public PolicyBuilder withoutDescriptions() {
        this.audit = new AuditSettings(false, audit.descriptionLimit(), audit.dataStream());
        return this;
    }
    public PolicyBuilder maxPerRun(int max) {
        cancellation = new CancellationSettings(cancellation.waitForCompletion(), cancellation.waitTimeout(), max);
        return this;
    }
    public PolicyBuilder waitFor(Duration timeout) {
        cancellation = new CancellationSettings(true, timeout, cancellation.maxPerRun());
        return this;
    }

    public CompiledPolicy build() {
        PolicyKey key = clusterScoped ? PolicyKey.clusterScoped(name) : new PolicyKey(namespace, name);
        return new CompiledPolicy(key, new ClusterTarget(java.net.URI.create(url), null, null, null, Duration.ofSeconds(10), null),
                interval, dryRun, false, rules, cancellation, audit);
    }

    public static RuleBuilder rule(String name, Duration maxRuntime, String... actions) {
        return new RuleBuilder(name, maxRuntime, actions);
    }

    public static final class RuleBuilder {
        private final String name;
        private final Duration maxRuntime;
        private final List<WildcardPattern> actions;
        private List<String> nodes = List.of();
        private List<WildcardPattern> opaqueIds = List.of();
        private List<WildcardPattern> excludes = List.of();
        private List<WildcardPattern> descriptions = List.of();
        private RuleFilters filters = RuleFilters.NONE;

        RuleBuilder(String name, Duration maxRuntime, String... actions) {
            this.name = name;
            this.maxRuntime = maxRuntime;
            this.actions = patterns(actions);
        }

        public RuleBuilder nodes(String... nodes) { this.nodes = List.of(nodes); return this; }
        public RuleBuilder opaqueIds(String... p) { this.opaqueIds = patterns(p); return this; }
        public RuleBuilder excludeOpaqueIds(String... p) { this.excludes = patterns(p); return this; }
        public RuleBuilder descriptions(String... p) { this.descriptions = patterns(p); return this; }
        public RuleBuilder origins(String... p) {
            filters = new RuleFilters(patterns(p), filters.excludeOrigins(), filters.productOrigins(),
                    filters.excludeProductOrigins(), filters.indices(), filters.excludeIndices());
            return this;
        }
        public RuleBuilder excludeOrigins(String... p) {
            filters = new RuleFilters(filters.origins(), patterns(p), filters.productOrigins(),
                    filters.excludeProductOrigins(), filters.indices(), filters.excludeIndices());
            return this;
        }
        public RuleBuilder productOrigins(String... p) {
            filters = new RuleFilters(filters.origins(), filters.excludeOrigins(), patterns(p),
                    filters.excludeProductOrigins(), filters.indices(), filters.excludeIndices());
            return this;
        }
        public RuleBuilder excludeProductOrigins(String... p) {
            filters = new RuleFilters(filters.origins(), filters.excludeOrigins(), filters.productOrigins(),
                    patterns(p), filters.indices(), filters.excludeIndices());
            return this;
        }
        public RuleBuilder indices(String... p) {
            filters = new RuleFilters(filters.origins(), filters.excludeOrigins(), filters.productOrigins(),
                    filters.excludeProductOrigins(), patterns(p), filters.excludeIndices());
            return this;
        }
        public RuleBuilder excludeIndices(String... p) {
            filters = new RuleFilters(filters.origins(), filters.excludeOrigins(), filters.productOrigins(),
                    filters.excludeProductOrigins(), filters.indices(), patterns(p));
            return this;
        }

        public CompiledRule build() {
            return new CompiledRule(name, actions, maxRuntime, nodes, opaqueIds, excludes, descriptions, filters);
        }

        private static List<WildcardPattern> patterns(String... values) {
            return Arrays.stream(values).map(WildcardPattern::of).toList();
        }
    }
}
