package io.taskgovernor.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A {@link TaskPolicy} that belongs to no namespace: for platform teams, whose policies hold for a
 * whole Elasticsearch cluster and are out of reach of the application teams' namespaced RBAC. Same
 * spec and status as a TaskPolicy; the Secrets its spec names are read from the operator's cluster
 * resource namespace ({@code CLUSTER_RESOURCE_NAMESPACE}, by default the operator's own). The printer
 * columns are TaskPolicy's, so {@code kubectl get ctp} reads like {@code kubectl get tp}
 * ({@code CrdIsUpToDateTest} checks they stay equal).
 */
@Group(TaskPolicy.GROUP)
@Version(TaskPolicy.VERSION)
@Kind(ClusterTaskPolicy.KIND)
@Singular("clustertaskpolicy")
@Plural("clustertaskpolicies")
@ShortNames("ctp")
@AdditionalPrinterColumn(name = "Cluster", jsonPath = ".spec.elasticsearch.url", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Interval", jsonPath = ".spec.interval", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Rules", jsonPath = ".spec.rules[*].name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Decisions", jsonPath = ".status.decisionsTotal", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Cancelled", jsonPath = ".status.cancellationsTotal", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Last Run", jsonPath = ".status.lastEvaluationTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Governed", jsonPath = ".status.governedTasks", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Violations", jsonPath = ".status.violations", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Elasticsearch", jsonPath = ".spec.elasticsearch.elasticsearchRef.name", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "ES Health", jsonPath = ".status.elasticsearchHealth", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ClusterTaskPolicy extends CustomResource<TaskPolicySpec, TaskPolicyStatus> {
    public static final String KIND = "ClusterTaskPolicy";
}
