package io.taskgovernor.bench;

import static io.taskgovernor.testing.PolicyBuilder.policy;
import static io.taskgovernor.testing.PolicyBuilder.rule;

import io.taskgovernor.policy.CompiledPolicy;
import java.time.Duration;

/** The "typical policy" every benchmark uses: examples/runaway-searches.yaml plus ES|QL and long reindex rules. */
final class BenchPolicies {
    private BenchPolicies() {}

    static CompiledPolicy typical() {
        return policy("typical")
                .rule(rule("searches", Duration.ofMinutes(2), "indices:data/read/search*")
                        .excludeOpaqueIds("kibana-alerting*", "*reporting*").build())
                .rule(rule("esql", Duration.ofMinutes(5), "indices:data/read/esql*").build())
                .rule(rule("reindex", Duration.ofMinutes(30), "indices:data/write/reindex*",
                        "indices:data/write/update/byquery*", "indices:data/write/delete/byquery*").build())
                .maxPerRun(20)
                .build();
    }

    /** The same policy as a file for the CLI. */
    static final String TYPICAL_YAML = """
            apiVersion: taskgovernor.io/v1alpha1
            kind: TaskPolicy
            metadata: {name: typical}
            spec:
              elasticsearch: {url: "http://127.0.0.1:9200"}
              dryRun: true
              rules:
                - name: searches
                  actions: ["indices:data/read/search*"]
                  maxRuntime: 2m
                  excludeOpaqueIds: ["kibana-alerting*", "*reporting*"]
                - name: esql
                  actions: ["indices:data/read/esql*"]
                  maxRuntime: 5m
                - name: reindex
                  actions: ["indices:data/write/reindex*", "indices:data/write/update/byquery*", "indices:data/write/delete/byquery*"]
                  maxRuntime: 30m
              cancellation: {maxPerRun: 20}
            """;
}
