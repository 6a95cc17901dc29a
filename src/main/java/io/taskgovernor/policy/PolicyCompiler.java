package io.taskgovernor.policy;

import io.fabric8.kubernetes.client.CustomResource;
import io.taskgovernor.api.AuditDataStreamSpec;
import io.taskgovernor.api.AuditSpec;
import io.taskgovernor.api.CancellationSpec;
import io.taskgovernor.api.ClusterTaskPolicy;
import io.taskgovernor.api.ElasticsearchRef;
import io.taskgovernor.api.ElasticsearchSpec;
import io.taskgovernor.api.RuleSpec;
import io.taskgovernor.api.SpecDefaults;
import io.taskgovernor.api.SpecSyntax;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.api.TaskPolicySpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a TaskPolicy or ClusterTaskPolicy (the same spec) and turns it into the typed form the engine uses. Every problem is
 * collected, each with its field path and what would be valid, so that one run of `validate`
 * (or one status update) tells the author everything to fix.
 */
public final class PolicyCompiler {
    /** Whether the policy being compiled is a ClusterTaskPolicy (no namespace of its own). */
    private boolean clusterScoped;
    public static final Duration DEFAULT_INTERVAL = DurationFormat.parse(SpecDefaults.INTERVAL);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = DurationFormat.parse(SpecDefaults.REQUEST_TIMEOUT);
    /**
     * Every pass is a `_tasks` call that fans out to every node of the cluster, and a status write
     * may follow it: below a second a policy would cost the cluster and the API server more than it
     * could save. The CRD's schema says the same ({@link io.taskgovernor.api.TaskPolicySpec}).
     */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);
    static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(10);
    static final Duration MAX_WAIT_TIMEOUT = Duration.ofMinutes(10);
    static final int MAX_RULES = 100;
    /**
     * Role names Elasticsearch's node specification understands as {@code role:true|false}
     * (DiscoveryNodeRole, 8.19 and 9.x, plus coordinating_only); any other {@code name:value} is an
     * attribute pattern, which anything may be.
     */
    private static final Set<String> NODE_ROLES = Set.of("master", "data", "data_content", "data_hot", "data_warm",
            "data_cold", "data_frozen", "ingest", "ml", "remote_cluster_client", "transform", "voting_only",
            "index", "search", "coordinating_only");
    private static final String NODE_SELECTORS = "each entry is one node selector: a name or id, an address, "
            + "a pattern (warm-*), an attribute (tier:warm), a role (data:true, master:false), _local or _master";
    private static final Pattern RULE_NAME = Pattern.compile(SpecSyntax.RULE_NAME);
    private static final Pattern OBJECT_NAME = Pattern.compile(SpecSyntax.OBJECT_NAME);

    private final List<PolicyProblem> problems = new ArrayList<>();

    private PolicyCompiler() {}

    /**
     * @param policy a {@link TaskPolicy} or a {@link ClusterTaskPolicy}; a ClusterTaskPolicy's key is
     *               cluster-scoped, and a namespace written in its metadata is ignored, as Kubernetes does
     * @throws InvalidPolicyException with every problem, each with its field path
     */
    public static CompiledPolicy compile(CustomResource<TaskPolicySpec, ?> policy) throws InvalidPolicyException {
        return new PolicyCompiler().run(policy);
    }

    private CompiledPolicy run(CustomResource<TaskPolicySpec, ?> policy) throws InvalidPolicyException {
        String name = policy.getMetadata() == null ? null : policy.getMetadata().getName();
        String namespace = policy.getMetadata() == null ? null : policy.getMetadata().getNamespace();
        clusterScoped = policy instanceof ClusterTaskPolicy;
        if (name == null || name.isBlank()) {
            problem("metadata.name", "is required");
        }
        TaskPolicySpec spec = policy.getSpec();
        if (spec == null) {
            problem("spec", "is required");
            throw new InvalidPolicyException(problems);
        }
        if (spec.getUnreadable() != null) {
            // Stored without the CRD's schema (see TaskPolicySpec): say exactly which values are wrong, as `validate` would.
            new ManifestShapeChecker(problems).checkSpec(spec.getUnreadable().deepCopy());
            if (problems.isEmpty()) {
                problem("spec", "cannot be read");
            }
            throw new InvalidPolicyException(problems);
        }
        ClusterTarget cluster = cluster(spec.getElasticsearch(), clusterScoped ? null : namespace);
        Duration interval = duration("spec.interval", spec.getInterval(), DEFAULT_INTERVAL, MAX_INTERVAL);
        if (interval != null && !interval.isNegative() && !interval.isZero() && interval.compareTo(MIN_INTERVAL) < 0) {
            problem("spec.interval", quote(spec.getInterval()) + " is shorter than the " + DurationFormat.format(MIN_INTERVAL)
                    + " allowed: every pass lists the cluster's tasks on every node");
        }
        List<CompiledRule> rules = rules(spec.getRules());
        CancellationSettings cancellation = cancellation(spec.getCancellation());
        AuditSettings audit = audit(spec.getAudit(), clusterScoped ? null : namespace);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        PolicyKey key = clusterScoped ? PolicyKey.clusterScoped(name) : new PolicyKey(namespace, name);
        return new CompiledPolicy(key, cluster, interval, spec.isDryRun(), spec.isSuspend(), rules, cancellation, audit);
    }

    private ClusterTarget cluster(ElasticsearchSpec es, String policyNamespace) {
        return cluster("spec.elasticsearch", es, policyNamespace);
    }

    /** @param at the field path of the block, e.g. {@code spec.elasticsearch} */
    private ClusterTarget cluster(String at, ElasticsearchSpec es, String policyNamespace) {
        if (es == null) {
            problem(at, "is required (url or elasticsearchRef)");
            return null;
        }
        boolean hasUrl = es.getUrl() != null && !es.getUrl().isBlank();
        URI url = null;
        ElasticsearchReference reference = null;
        if (es.getElasticsearchRef() != null) {
            if (hasUrl) {
                problem(at, "give exactly one of url and elasticsearchRef, not both");
            }
            reference = reference(at + ".elasticsearchRef", es.getElasticsearchRef(), policyNamespace);
            url = reference == null ? null : reference.serviceUrl();
        } else if (!hasUrl) {
            problem(at + ".url", "is required, or elasticsearchRef (e.g. url: " + SpecSyntax.URL_EXAMPLE
                    + ", or elasticsearchRef: {name: logs})");
        } else {
            url = parseUrl(at + ".url", es.getUrl().strip());
        }
        Duration timeout = duration(at + ".requestTimeout", es.getRequestTimeout(),
                DEFAULT_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT);
        if (es.getCredentialsSecret() != null && es.getCredentialsSecret().isBlank()) {
            problem(at + ".credentialsSecret", "is empty: name a Secret or leave the field out");
        }
        String caName = null;
        String caKey = null;
        if (es.getCaSecret() != null && es.getElasticsearchRef() != null) {
            problem(at + ".caSecret", "goes with url only: elasticsearchRef trusts ECK's CA Secret "
                    + "<name>-es-http-certs-public");
        } else if (es.getCaSecret() != null) {
            caName = es.getCaSecret().getName();
            caKey = es.getCaSecret().getKey() == null || es.getCaSecret().getKey().isBlank()
                    ? SpecDefaults.CA_KEY : es.getCaSecret().getKey();
            if (caName == null || caName.isBlank()) {
                problem(at + ".caSecret.name", "is required when caSecret is given");
            }
        } else if (reference != null) {
            caName = reference.caSecretName();
            caKey = ElasticsearchReference.CA_KEY;
        }
        return new ClusterTarget(url, es.getCredentialsSecret(), caName, caKey, timeout, reference);
    }

    /**
     * The reference with its namespace filled in; null, with each problem recorded, when a name is not one
     * ECK's service host name can carry. Outside Kubernetes (a policy file without a namespace) and without
     * a namespace in the reference, the host is {@code <name>-es-http.default.svc}: Kubernetes' own default.
     */
    private ElasticsearchReference reference(String at, ElasticsearchRef ref, String policyNamespace) {
        boolean valid = objectName(at + ".name", ref.getName(), true);
        String namespace = ref.getNamespace();
        if ((namespace == null || namespace.isBlank()) && clusterScoped) {
            problem(at + ".namespace", "is required in a ClusterTaskPolicy, which has no namespace of its own");
            valid = false;
        } else if (namespace == null || namespace.isBlank()) {
            namespace = policyNamespace == null ? "default" : policyNamespace;
        } else {
            valid &= objectName(at + ".namespace", namespace, false);
        }
        return valid ? new ElasticsearchReference(ref.getName(), namespace) : null;
    }

    private boolean objectName(String path, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problem(path, "is required: the name of the ECK Elasticsearch resource");
            }
            return !required;
        }
        // <name>-es-http must stay a DNS label too, but ECK already refuses longer Elasticsearch names.
        if (!OBJECT_NAME.matcher(value).matches() || value.length() > SpecSyntax.OBJECT_NAME_MAX_LENGTH) {
            problem(path, quote(value) + " is not a Kubernetes name (lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit, at most " + SpecSyntax.OBJECT_NAME_MAX_LENGTH + ")");
            return false;
        }
        return true;
    }

    /** The URL, parsed once it passed {@link ClusterUrl}'s check; else null, with each problem recorded. */
    private URI parseUrl(String at, String url) {
        List<String> urlProblems = ClusterUrl.problems(url);
        urlProblems.forEach(p -> problem(at, p));
        return urlProblems.isEmpty() ? URI.create(url) : null;
    }

    private List<CompiledRule> rules(List<RuleSpec> specs) {
        if (specs == null || specs.isEmpty()) {
            problem("spec.rules", "needs at least one rule");
            return List.of();
        }
        if (specs.size() > MAX_RULES) {
            problem("spec.rules", "has " + specs.size() + " rules; at most " + MAX_RULES + " are allowed");
        }
        List<CompiledRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            String at = "spec.rules[" + i + "]";
            RuleSpec rule = specs.get(i);
            if (rule == null) {
                problem(at, "is empty");
                continue;
            }
            String name = rule.getName();
            if (name == null || name.isBlank()) {
                problem(at + ".name", "is required");
            } else if (!RULE_NAME.matcher(name).matches() || name.length() > SpecSyntax.RULE_NAME_MAX_LENGTH) {
                problem(at + ".name", quote(name) + " must be lower-case letters, digits, '-', '_' or '.', "
                        + "start and end with a letter or digit, at most " + SpecSyntax.RULE_NAME_MAX_LENGTH + " characters (e.g. long-searches)");
            } else if (!names.add(name)) {
                problem(at + ".name", quote(name) + " is used by an earlier rule; rule names must be unique");
            }
            List<WildcardPattern> actions = patterns(at + ".actions", rule.getActions(), true);
            Duration maxRuntime = null;
            if (rule.getMaxRuntime() == null || rule.getMaxRuntime().isBlank()) {
                problem(at + ".maxRuntime", "is required (" + DurationFormat.EXAMPLES + ")");
            } else {
                maxRuntime = duration(at + ".maxRuntime", rule.getMaxRuntime(), null, null);
            }
            List<String> nodes = nodeSpecs(at + ".nodes", rule.getNodes());
            rules.add(new CompiledRule(name, actions, maxRuntime, nodes,
                    patterns(at + ".opaqueIds", rule.getOpaqueIds(), false),
                    patterns(at + ".excludeOpaqueIds", rule.getExcludeOpaqueIds(), false),
                    patterns(at + ".descriptions", rule.getDescriptions(), false),
                    filters(at, rule)));
        }
        return rules;
    }

    private RuleFilters filters(String at, RuleSpec rule) {
        return new RuleFilters(
                originPatterns(at + ".origins", rule.getOrigins()),
                originPatterns(at + ".excludeOrigins", rule.getExcludeOrigins()),
                patterns(at + ".productOrigins", rule.getProductOrigins(), false),
                patterns(at + ".excludeProductOrigins", rule.getExcludeProductOrigins(), false),
                indexPatterns(at + ".indices", rule.getIndices()),
                indexPatterns(at + ".excludeIndices", rule.getExcludeIndices()));
    }

    /**
     * Origins are matched decoded ({@link Origin#text()}), so white space is fine ("task manager") and a URI escape
     * copied from a raw X-Opaque-Id would match nothing; every origin starts with its application.
     */
    private List<WildcardPattern> originPatterns(String path, List<String> values) {
        return entries(path, values, value -> {
            if (value == null || value.isBlank()) {
                return "is empty; write an origin pattern such as kibana:application:dashboards:*";
            } else if (ORIGIN_ESCAPE.matcher(value).find()) {
                return quote(value) + " contains a URI escape; origins are matched decoded "
                        + "(write \"kibana:task manager:*\", not \"kibana:task%20manager:*\")";
            } else if (!value.startsWith("kibana:") && !value.startsWith("*")) {
                return quote(value) + " matches no origin: an origin starts with its application, "
                        + "e.g. kibana:application:dashboards:* or kibana:application:discover:*";
            }
            return null;
        }).stream().map(WildcardPattern::of).toList();
    }

    /** One index name or pattern an entry, as a request names it; Elasticsearch's "-name" exclusion is a separate field. */
    private List<WildcardPattern> indexPatterns(String path, List<String> values) {
        return entries(path, values, value -> {
            if (value != null && value.startsWith("-")) {
                return quote(value) + " starts with '-': to leave indices out, list them under excludeIndices";
            }
            return patternProblem(value);
        }).stream().map(WildcardPattern::of).toList();
    }

    /**
     * Accepts what {@code _tasks?nodes=} accepts, one selector an entry; rejects what it would
     * refuse (a role with a value other than true/false: HTTP 400) and what cannot be one selector.
     */
    private List<String> nodeSpecs(String path, List<String> values) {
        return entries(path, values, node -> {
            if (node == null || node.isBlank()) {
                return "is empty; " + NODE_SELECTORS;
            } else if (node.contains(",")) {
                return quote(node) + " contains ','; give each node selector as its own list entry";
            } else if (node.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                return quote(node) + " contains white space or control characters; " + NODE_SELECTORS;
            } else if (!roleValueIsBoolean(node)) {
                return quote(node) + " selects by role: the value must be true or false (e.g. data:true, master:false)";
            }
            return null;
        });
    }

    private static boolean roleValueIsBoolean(String node) {
        int colon = node.indexOf(':');
        if (colon < 0 || !NODE_ROLES.contains(node.substring(0, colon))) {
            return true;
        }
        String value = node.substring(colon + 1);
        // Elasticsearch reads an empty value as true, and only the exact words true and false otherwise.
        return value.isEmpty() || "true".equals(value) || "false".equals(value);
    }

    private List<WildcardPattern> patterns(String path, List<String> values, boolean required) {
        if (required && (values == null || values.isEmpty())) {
            problem(path, "needs at least one pattern (e.g. indices:data/read/search*)");
        }
        return entries(path, values, PolicyCompiler::patternProblem).stream().map(WildcardPattern::of).toList();
    }

    /** What is wrong with one action or index pattern as an entry of its list, or null when nothing is. */
    private static String patternProblem(String value) {
        if (value == null || value.isBlank()) {
            return "is empty; write a pattern such as indices:data/read/search*";
        } else if (value.contains(",")) {
            // Elasticsearch splits its actions parameter on commas: one entry, one pattern.
            return quote(value) + " contains ','; give each pattern as its own list entry";
        } else if (value.chars().anyMatch(Character::isWhitespace)) {
            return quote(value) + " contains white space";
        }
        return null;
    }

    /**
     * Checks a list field entry by entry: {@code problemOf} says what is wrong with one value (null when nothing is),
     * reported at {@code path[i]}. Returns the entries without a problem, in order; an absent list has none.
     */
    private List<String> entries(String path, List<String> values, Function<String, String> problemOf) {
        List<String> kept = new ArrayList<>();
        if (values == null) {
            return kept;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String problem = problemOf.apply(value);
            if (problem == null) {
                kept.add(value);
            } else {
                problem(path + "[" + i + "]", problem);
            }
        }
        return kept;
    }

    private CancellationSettings cancellation(CancellationSpec spec) {
        if (spec == null) {
            return CancellationSettings.defaults();
        }
        Duration wait = duration("spec.cancellation.waitTimeout", spec.getWaitTimeout(),
                CancellationSettings.DEFAULT_WAIT_TIMEOUT, MAX_WAIT_TIMEOUT);
        int maxPerRun = CancellationSettings.DEFAULT_MAX_PER_RUN;
        if (spec.getMaxPerRun() != null) {
            maxPerRun = spec.getMaxPerRun();
            if (maxPerRun < 1 || maxPerRun > SpecSyntax.MAX_PER_RUN_LIMIT) {
                problem("spec.cancellation.maxPerRun", maxPerRun + " is out of range (1 to " + SpecSyntax.MAX_PER_RUN_LIMIT + ")");
            }
        }
        return new CancellationSettings(spec.isWaitForCompletion(), wait, maxPerRun);
    }

    private AuditSettings audit(AuditSpec spec, String policyNamespace) {
        if (spec == null) {
            return AuditSettings.DEFAULT;
        }
        int limit = SpecDefaults.AUDIT_DESCRIPTION_LIMIT;
        if (spec.getDescriptionLimit() != null) {
            limit = spec.getDescriptionLimit();
            if (limit < 1 || limit > SpecSyntax.AUDIT_DESCRIPTION_LIMIT_MAX) {
                problem("spec.audit.descriptionLimit", limit + " is out of range (1 to " + SpecSyntax.AUDIT_DESCRIPTION_LIMIT_MAX
                        + " bytes; to keep no description, set spec.audit.description: false)");
                limit = SpecDefaults.AUDIT_DESCRIPTION_LIMIT;
            }
        }
        AuditDestination destination = null;
        AuditDataStreamSpec dataStream = spec.getDataStream();
        if (dataStream != null) {
            String name = dataStream.getName() == null ? SpecDefaults.AUDIT_DATA_STREAM : dataStream.getName();
            DataStreamName.problems(name).forEach(p -> problem("spec.audit.dataStream.name", p));
            ClusterTarget target = dataStream.getElasticsearch() == null ? null
                    : cluster("spec.audit.dataStream.elasticsearch", dataStream.getElasticsearch(), policyNamespace);
            destination = new AuditDestination(name, target);
        }
        return new AuditSettings(spec.getDescription() == null || spec.getDescription(), limit, destination);
    }

    private Duration duration(String path, String text, Duration fallback, Duration max) {
        if (text == null && fallback != null) {
            return fallback;
        }
        Duration value;
        try {
            value = DurationFormat.parse(text);
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            problem(path, quote(text) + " must be positive (" + DurationFormat.EXAMPLES + ")");
        } else if (max != null && value.compareTo(max) > 0) {
            problem(path, quote(text) + " is longer than the " + DurationFormat.format(max) + " allowed");
        }
        return value;
    }

    private static final Pattern ORIGIN_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

    private void problem(String path, String message) {
        problems.add(new PolicyProblem(path, message));
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
