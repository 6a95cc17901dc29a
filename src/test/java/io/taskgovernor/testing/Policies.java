package io.taskgovernor.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.taskgovernor.api.CancellationSpec;
import io.taskgovernor.api.ClusterTaskPolicy;
import io.taskgovernor.api.ElasticsearchSpec;
import io.taskgovernor.api.RuleSpec;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.api.TaskPolicySpec;
import java.util.List;

/** TaskPolicy and ClusterTaskPolicy resources for operator tests. */
public final class Policies {
    private Policies() {}

    public static TaskPolicy policy(String namespace, String name, String url, String maxRuntime, String... actions) {
        TaskPolicy policy = new TaskPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        TaskPolicySpec spec = new TaskPolicySpec();
        ElasticsearchSpec es = new ElasticsearchSpec();
        es.setUrl(url);
        es.setRequestTimeout("5s");
        spec.setElasticsearch(es);
        spec.setInterval("1s");
        RuleSpec rule = new RuleSpec();
        rule.setName("rule-1");
        rule.setActions(List.of(actions));
        rule.setMaxRuntime(maxRuntime);
        spec.setRules(List.of(rule));
        CancellationSpec cancellation = new CancellationSpec();
        cancellation.setMaxPerRun(20);
        spec.setCancellation(cancellation);
        policy.setSpec(spec);
        return policy;
    }

    /** A ClusterTaskPolicy with the spec {@link #policy} gives. */
    public static ClusterTaskPolicy clusterPolicy(String name, String url, String maxRuntime, String... actions) {
        ClusterTaskPolicy policy = new ClusterTaskPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
        policy.setSpec(policy(null, name, url, maxRuntime, actions).getSpec());
        return policy;
    }
}
