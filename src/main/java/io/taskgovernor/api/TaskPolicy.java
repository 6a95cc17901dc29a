package io.taskgovernor.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Declares which Elasticsearch tasks are governed and how long they may run. */
@Group(TaskPolicy.GROUP)
@Version(TaskPolicy.VERSION)
@Kind(TaskPolicy.KIND)
@Singular("taskpolicy")
@Plural("taskpolicies")
@ShortNames("tp")
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
public class TaskPolicy extends CustomResource<TaskPolicySpec, TaskPolicyStatus> implements Namespaced {
    public static final String GROUP = "taskgovernor.io";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "TaskPolicy";
    public static final String API_VERSION = GROUP + "/" + VERSION;
}
