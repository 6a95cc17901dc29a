package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskgovernor.api.TaskPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {
    private static TaskPolicy parse(String yaml) {
        // Every manifest here is kind: TaskPolicy.
        List<ParsedManifest> manifests = PolicyManifestParser.parse("test.yaml", yaml);
        assertThat(manifests).hasSize(1);
        return (TaskPolicy) manifests.get(0).policy();
    }

    private static String manifest(String spec) {
        return "apiVersion: taskgovernor.io/v1alpha1\nkind: TaskPolicy\nmetadata: {name: p, namespace: ns}\nspec:\n" + spec;
    }

    private static final String MINIMAL = """
              elasticsearch: {url: "http://es:9200"}
              rules:
                - name: searches
                  actions: ["indices:data/read/search*"]
                  maxRuntime: 2m
            """;

    private static List<PolicyProblem> problems(String spec) {
        try {
            PolicyCompiler.compile(parse(manifest(spec)));
        } catch (InvalidPolicyException e) {
            return e.problems();
        }
        throw new AssertionError("expected the policy to be invalid");
    }

    @Test
    void aMinimalPolicyGetsTheDefaults() throws InvalidPolicyException {
        CompiledPolicy policy = PolicyCompiler.compile(parse(manifest(MINIMAL)));

        assertThat(policy.key()).isEqualTo(new PolicyKey("ns", "p")).hasToString("ns/p");
        assertThat(policy.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.cluster().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.cancellation()).isEqualTo(new CancellationSettings(false, Duration.ofSeconds(30), 20));
        assertThat(policy.rules()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("searches");
            assertThat(r.maxRuntime()).isEqualTo(Duration.ofMinutes(2));
            assertThat(r.actions()).containsExactly(WildcardPattern.of("indices:data/read/search*"));
        });
        assertThat(policy.dryRun()).isFalse();
        assertThat(policy.suspended()).isFalse();
    }

    @Test
    void aFullPolicyCompilesAsWritten() throws InvalidPolicyException {
        CompiledPolicy policy = PolicyCompiler.compile(parse(manifest("""
                  elasticsearch:
                    url: https://logs-es-http:9200
                    credentialsSecret: es-governor
                    caSecret: {name: certs}
                    requestTimeout: 3s
                  interval: 1m
                  dryRun: true
                  suspend: true
                  rules:
                    - name: searches
                      actions: ["indices:data/read/search*", "indices:data/read/esql*"]
                      maxRuntime: 90s
                      nodes: [es-hot-0]
                      opaqueIds: ["batch-*"]
                      excludeOpaqueIds: ["kibana-*"]
                      descriptions: ["*logs-*"]
                  cancellation: {waitForCompletion: true, waitTimeout: 5s, maxPerRun: 3}
                """)));

        assertThat(policy.cluster()).isEqualTo(new ClusterTarget(java.net.URI.create("https://logs-es-http:9200"), "es-governor", "certs", "ca.crt",
                Duration.ofSeconds(3)));
        assertThat(policy.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.dryRun()).isTrue();
        assertThat(policy.suspended()).isTrue();
        assertThat(policy.cancellation()).isEqualTo(new CancellationSettings(true, Duration.ofSeconds(5), 3));
        CompiledRule rule = policy.rules().get(0);
        assertThat(rule.nodes()).containsExactly("es-hot-0");
        assertThat(rule.opaqueIds()).containsExactly(WildcardPattern.of("batch-*"));
        assertThat(rule.excludeOpaqueIds()).containsExactly(WildcardPattern.of("kibana-*"));
        assertThat(rule.descriptions()).containsExactly(WildcardPattern.of("*logs-*"));
    }

    @Test
    void aDurationThatIsNotOneSaysWhereAndWhatWouldBeValid() {
        assertThat(problems(MINIMAL.replace("maxRuntime: 2m", "maxRuntime: \"5 minutes\"")))
                .containsExactly(new PolicyProblem("spec.rules[0].maxRuntime",
                        "\"5 minutes\" is not a duration (examples: 500ms, 30s, 5m, 1h, 1m30s, PT2M)"));
    }

    @Test
    void originAndIndexFiltersCompileAsWritten() throws InvalidPolicyException {
        CompiledRule rule = PolicyCompiler.compile(parse(manifest(MINIMAL + """
                      origins: ["kibana:application:dashboards:*"]
                      excludeOrigins: ["kibana:task manager:run alerting:*"]
                      productOrigins: ["kibana"]
                      excludeProductOrigins: ["fleet*"]
                      indices: ["logs-*"]
                      excludeIndices: [".kibana*"]
                """))).rules().get(0);

        assertThat(rule.filters()).isEqualTo(new RuleFilters(
                List.of(WildcardPattern.of("kibana:application:dashboards:*")),
                List.of(WildcardPattern.of("kibana:task manager:run alerting:*")),
                List.of(WildcardPattern.of("kibana")), List.of(WildcardPattern.of("fleet*")),
                List.of(WildcardPattern.of("logs-*")), List.of(WildcardPattern.of(".kibana*"))));
        assertThat(rule.readsDescriptions()).isTrue();
    }

    @Test
    void originAndIndexPatternsThatCouldNeverMatchAreRefusedWithWhatToWrite() {
        assertThat(problems(MINIMAL + """
                      origins: ["dashboards:*", "kibana:task%20manager:*", ""]
                      indices: ["logs-*,metrics-*", "-secret"]
                """)).containsExactly(
                new PolicyProblem("spec.rules[0].origins[0]", "\"dashboards:*\" matches no origin: an origin starts "
                        + "with its application, e.g. kibana:application:dashboards:* or kibana:application:discover:*"),
                new PolicyProblem("spec.rules[0].origins[1]", "\"kibana:task%20manager:*\" contains a URI escape; origins "
                        + "are matched decoded (write \"kibana:task manager:*\", not \"kibana:task%20manager:*\")"),
                new PolicyProblem("spec.rules[0].origins[2]",
                        "is empty; write an origin pattern such as kibana:application:dashboards:*"),
                new PolicyProblem("spec.rules[0].indices[0]",
                        "\"logs-*,metrics-*\" contains ','; give each pattern as its own list entry"),
                new PolicyProblem("spec.rules[0].indices[1]",
                        "\"-secret\" starts with '-': to leave indices out, list them under excludeIndices"));
    }

    @Test
    void noRules() {
        assertThat(problems("  elasticsearch: {url: \"http://es:9200\"}\n  rules: []\n"))
                .extracting(PolicyProblem::path).containsExactly("spec.rules");
    }

    @Test
    void emptyActionsAndBlankOrCommaPatterns() {
        assertThat(problems("""
                  elasticsearch: {url: "http://es:9200"}
                  rules:
                    - {name: a, actions: [], maxRuntime: 1m}
                    - {name: b, actions: ["", "x,y", "a b"], maxRuntime: 1m}
                """)).extracting(PolicyProblem::path)
                .containsExactly("spec.rules[0].actions", "spec.rules[1].actions[0]", "spec.rules[1].actions[1]",
                        "spec.rules[1].actions[2]");
    }

    @Test
    void nodesAcceptEverySelectorElasticsearchAccepts() throws InvalidPolicyException {
        CompiledPolicy policy = PolicyCompiler.compile(parse(manifest("""
                  elasticsearch: {url: "http://es:9200"}
                  rules:
                    - name: warm
                      actions: ["*"]
                      maxRuntime: 1m
                      nodes: [warm-*, es-hot-0, U_kZy33RSKmv_61IKFTEpA, _local, _master, _all, "tier:warm", "ra*:2*",
                              "data:true", "master:false", "data_warm:true", "coordinating_only:false", "10.0.0.*",
                              "127.0.0.1", "::1", "es-0.example.org"]
                """)));

        assertThat(policy.rules().get(0).nodeSpec()).isEqualTo("warm-*,es-hot-0,U_kZy33RSKmv_61IKFTEpA,_local,_master,_all,"
                + "tier:warm,ra*:2*,data:true,master:false,data_warm:true,coordinating_only:false,10.0.0.*,127.0.0.1,::1,"
                + "es-0.example.org");
    }

    @Test
    void nodesRejectWhatElasticsearchWouldRefuseOrCannotBeOneSelector() {
        List<PolicyProblem> problems = problems("""
                  elasticsearch: {url: "http://es:9200"}
                  rules:
                    - {name: a, actions: ["*"], maxRuntime: 1m, nodes: ["", "warm-1,warm-2", "warm nodes", "data:yes", "master:False"]}
                """);

        assertThat(problems).extracting(PolicyProblem::toString).containsExactly(
                "spec.rules[0].nodes[0]: is empty; each entry is one node selector: a name or id, an address, a pattern "
                        + "(warm-*), an attribute (tier:warm), a role (data:true, master:false), _local or _master",
                "spec.rules[0].nodes[1]: \"warm-1,warm-2\" contains ','; give each node selector as its own list entry",
                "spec.rules[0].nodes[2]: \"warm nodes\" contains white space or control characters; each entry is one node "
                        + "selector: a name or id, an address, a pattern (warm-*), an attribute (tier:warm), a role "
                        + "(data:true, master:false), _local or _master",
                "spec.rules[0].nodes[3]: \"data:yes\" selects by role: the value must be true or false (e.g. data:true, master:false)",
                "spec.rules[0].nodes[4]: \"master:False\" selects by role: the value must be true or false (e.g. data:true, master:false)");
    }

    @Test
    void nonPositiveRuntimesAndIntervals() {
        assertThat(problems("""
                  elasticsearch: {url: "http://es:9200", requestTimeout: 0s}
                  interval: 0ms
                  rules:
                    - {name: a, actions: ["*"], maxRuntime: 0s}
                  cancellation: {waitTimeout: PT0S, maxPerRun: 0}
                """)).extracting(PolicyProblem::path).containsExactlyInAnyOrder(
                "spec.elasticsearch.requestTimeout", "spec.interval", "spec.rules[0].maxRuntime",
                "spec.cancellation.waitTimeout", "spec.cancellation.maxPerRun");
    }

    @Test
    void anIntervalBelowOneSecondIsRefusedWithTheFloorAndWhy() throws InvalidPolicyException {
        for (String interval : List.of("20ms", "999ms", "PT0.5S")) {
            assertThat(problems("""
                      elasticsearch: {url: "http://es:9200"}
                      interval: %s
                      rules:
                        - {name: a, actions: ["*"], maxRuntime: 1m}
                    """.formatted(interval))).extracting(PolicyProblem::toString).containsExactly(
                    "spec.interval: \"" + interval + "\" is shorter than the 1s allowed: every pass lists the "
                            + "cluster's tasks on every node");
        }
        assertThat(PolicyCompiler.compile(parse(manifest("""
                  elasticsearch: {url: "http://es:9200"}
                  interval: 1000ms
                  rules:
                    - {name: a, actions: ["*"], maxRuntime: 1m}
                """))).interval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void absurdValuesAreRefused() {
        assertThat(problems("""
                  elasticsearch: {url: "http://es:9200", requestTimeout: 1h}
                  interval: 2d
                  rules:
                    - {name: a, actions: ["*"], maxRuntime: 1m}
                  cancellation: {maxPerRun: 1000000}
                """)).extracting(PolicyProblem::path).containsExactlyInAnyOrder(
                "spec.elasticsearch.requestTimeout", "spec.interval", "spec.cancellation.maxPerRun");
    }

    @Test
    void duplicateAndMalformedRuleNames() {
        assertThat(problems("""
                  elasticsearch: {url: "http://es:9200"}
                  rules:
                    - {name: a, actions: ["*"], maxRuntime: 1m}
                    - {name: a, actions: ["*"], maxRuntime: 2m}
                    - {name: "Bad Name", actions: ["*"], maxRuntime: 2m}
                    - {actions: ["*"], maxRuntime: 2m}
                """)).satisfiesExactly(
                p -> assertThat(p.toString()).isEqualTo("spec.rules[1].name: \"a\" is used by an earlier rule; rule names must be unique"),
                p -> assertThat(p.toString()).startsWith("spec.rules[2].name: \"Bad Name\" must be lower-case"),
                p -> assertThat(p.toString()).isEqualTo("spec.rules[3].name: is required"));
    }

    @Test
    void badUrls() {
        for (String url : List.of("es:9200", "ftp://es:9200", "http://", "http://es:9200/?x=1", "not a url")) {
            assertThat(problems(MINIMAL.replace("http://es:9200", url)))
                    .as(url).extracting(PolicyProblem::path).contains("spec.elasticsearch.url");
        }
        assertThat(problems(MINIMAL.replace("http://es:9200", "https://elastic:changeme@es:9200")))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("credentialsSecret").doesNotContain("changeme"));
        assertThat(problems(MINIMAL.replace("http://es:9200", "ftp://elastic:changeme@es:9200")))
                .hasSize(2).allSatisfy(p -> assertThat(p.message()).doesNotContain("changeme"));
    }

    @Test
    void missingPieces() {
        assertThat(problems("  rules: [{name: a, actions: [\"*\"]}]\n")).extracting(PolicyProblem::path)
                .containsExactly("spec.elasticsearch", "spec.rules[0].maxRuntime");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<PolicyProblem> problems = problems("""
                  elasticsearch: {url: "ftp://es", requestTimeout: soon}
                  interval: -1
                  rules:
                    - {name: a, actions: [], maxRuntime: "5 minutes"}
                  cancellation: {maxPerRun: -3}
                """);

        assertThat(problems).extracting(PolicyProblem::path).containsExactlyInAnyOrder(
                "spec.elasticsearch.url", "spec.elasticsearch.requestTimeout", "spec.interval", "spec.rules[0].actions",
                "spec.rules[0].maxRuntime", "spec.cancellation.maxPerRun");
    }

    @Test
    void anElasticsearchRefResolvesToEcksServiceAndCaSecretInThePolicysNamespaceByDefault() throws InvalidPolicyException {
        CompiledPolicy sameNamespace = PolicyCompiler.compile(parse(manifest(MINIMAL.replace(
                "{url: \"http://es:9200\"}", "{elasticsearchRef: {name: logs}, credentialsSecret: governor}"))));
        CompiledPolicy otherNamespace = PolicyCompiler.compile(parse(manifest(MINIMAL.replace(
                "{url: \"http://es:9200\"}", "{elasticsearchRef: {name: logs, namespace: elastic}}"))));

        ClusterTarget target = sameNamespace.cluster();
        assertThat(target.url()).hasToString("https://logs-es-http.ns.svc:9200");
        assertThat(target.reference()).isEqualTo(new ElasticsearchReference("logs", "ns"));
        assertThat(target.caSecretName()).isEqualTo("logs-es-http-certs-public");
        assertThat(target.caSecretKey()).isEqualTo("ca.crt");
        assertThat(target.caSecretNamespace("ns")).isEqualTo("ns");
        assertThat(target.credentialsSecret()).isEqualTo("governor");
        assertThat(otherNamespace.cluster().url()).hasToString("https://logs-es-http.elastic.svc:9200");
        assertThat(otherNamespace.cluster().caSecretNamespace("ns")).isEqualTo("elastic");
    }

    @Test
    void exactlyOneOfUrlAndElasticsearchRefAndNoCaSecretBesideARef() {
        assertThat(problems(MINIMAL.replace("{url: \"http://es:9200\"}",
                "{url: \"http://es:9200\", elasticsearchRef: {name: logs}}")))
                .singleElement().hasToString("spec.elasticsearch: give exactly one of url and elasticsearchRef, not both");
        assertThat(problems(MINIMAL.replace("{url: \"http://es:9200\"}", "{credentialsSecret: governor}")))
                .singleElement().satisfies(p -> assertThat(p.toString())
                        .startsWith("spec.elasticsearch.url: is required, or elasticsearchRef"));
        assertThat(problems(MINIMAL.replace("{url: \"http://es:9200\"}",
                "{elasticsearchRef: {name: logs}, caSecret: {name: my-ca}}")))
                .singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("spec.elasticsearch.caSecret"));
        assertThat(problems(MINIMAL.replace("{url: \"http://es:9200\"}",
                "{elasticsearchRef: {name: Logs_1, namespace: \"a.b\"}}")))
                .extracting(PolicyProblem::path)
                .containsExactly("spec.elasticsearch.elasticsearchRef.name", "spec.elasticsearch.elasticsearchRef.namespace");
        assertThat(problems(MINIMAL.replace("{url: \"http://es:9200\"}", "{elasticsearchRef: {namespace: elastic}}")))
                .singleElement().hasToString("spec.elasticsearch.elasticsearchRef.name: is required: the name of the ECK "
                        + "Elasticsearch resource");
    }

    @Test
    void withoutAuditDecisionsKeepA1KbDescriptionAndWriteNoDataStream() throws InvalidPolicyException {
        CompiledPolicy policy = PolicyCompiler.compile(parse(manifest(MINIMAL)));

        assertThat(policy.audit()).isEqualTo(new AuditSettings(true, 1024, null));
    }

    @Test
    void auditAsWritten() throws InvalidPolicyException {
        CompiledPolicy off = PolicyCompiler.compile(parse(manifest(MINIMAL + """
                  audit: {description: false, dataStream: {}}
                """)));
        CompiledPolicy elsewhere = PolicyCompiler.compile(parse(manifest(MINIMAL + """
                  audit:
                    descriptionLimit: 4096
                    dataStream:
                      name: logs-governor.audit-prod
                      elasticsearch: {url: "https://audit-es:9200", credentialsSecret: audit-writer, requestTimeout: 5s}
                """)));

        assertThat(off.audit()).isEqualTo(new AuditSettings(false, 1024,
                new AuditDestination("logs-taskgovernor.audit-default", null)));
        assertThat(elsewhere.audit().keepDescription()).isTrue();
        assertThat(elsewhere.audit().descriptionLimit()).isEqualTo(4096);
        assertThat(elsewhere.audit().dataStream()).isEqualTo(new AuditDestination("logs-governor.audit-prod",
                new ClusterTarget(java.net.URI.create("https://audit-es:9200"), "audit-writer", null, null, Duration.ofSeconds(5))));
    }

    @Test
    void auditProblemsSayWhereAndWhatWouldBeValid() {
        List<PolicyProblem> problems = problems(MINIMAL + """
                  audit:
                    descriptionLimit: 0
                    dataStream:
                      name: Logs-Audit
                      elasticsearch: {url: "https://user:pw@audit-es:9200", credentialsSecret: ""}
                """);

        assertThat(problems).extracting(PolicyProblem::path).containsExactlyInAnyOrder(
                "spec.audit.descriptionLimit", "spec.audit.dataStream.name",
                "spec.audit.dataStream.elasticsearch.url", "spec.audit.dataStream.elasticsearch.credentialsSecret");
        assertThat(problems).filteredOn(p -> p.path().equals("spec.audit.descriptionLimit")).singleElement()
                .extracting(PolicyProblem::message).asString()
                .contains("0 is out of range (1 to 32768 bytes").contains("spec.audit.description: false");
        assertThat(problems).filteredOn(p -> p.path().equals("spec.audit.dataStream.name")).singleElement()
                .extracting(PolicyProblem::message).asString().isEqualTo("\"Logs-Audit\" must be lower case");
    }

    @Test
    void dataStreamNamesElasticsearchWouldRefuse() {
        assertThat(DataStreamName.problems("logs-taskgovernor.audit-default")).isEmpty();
        assertThat(DataStreamName.problems("_audit")).singleElement().asString().contains("must not start with");
        assertThat(DataStreamName.problems(".ds-audit")).singleElement().asString().contains(".ds-");
        assertThat(DataStreamName.problems("audit,other")).singleElement().asString().contains("','");
        assertThat(DataStreamName.problems("a".repeat(256))).singleElement().asString().contains("255 bytes");
    }

    @Test
    void aClusterTaskPolicysElasticsearchRefNamesItsNamespace() throws InvalidPolicyException {
        String cluster = "apiVersion: taskgovernor.io/v1alpha1\nkind: ClusterTaskPolicy\nmetadata: {name: guardrail}\nspec:\n";
        String withoutNamespace = cluster + MINIMAL.replace("{url: \"http://es:9200\"}", "{elasticsearchRef: {name: logs}}");
        String withNamespace = cluster + MINIMAL.replace("{url: \"http://es:9200\"}", "{elasticsearchRef: {name: logs, namespace: search}}");

        assertThatThrownBy(() -> PolicyCompiler.compile(PolicyManifestParser.parse("c.yaml", withoutNamespace).get(0).policy()))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> assertThat(e.problems()).singleElement()
                        .hasToString("spec.elasticsearch.elasticsearchRef.namespace: is required in a ClusterTaskPolicy, which has"
                                + " no namespace of its own"));
        assertThat(PolicyCompiler.compile(PolicyManifestParser.parse("c.yaml", withNamespace).get(0).policy()).cluster().url())
                .hasToString("https://logs-es-http.search.svc:9200");
    }
}
