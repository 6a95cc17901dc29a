package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

public class RuleSpec {
    @Required
    @JsonPropertyDescription("Unique name of the rule within the policy; appears in status, events and metrics.")
    @Pattern(SpecSyntax.RULE_NAME)
    @Size(max = SpecSyntax.RULE_NAME_MAX_LENGTH)
    private String name;

    @Required
    @JsonPropertyDescription("Task action patterns with * wildcards, e.g. indices:data/read/search*.")
    @Size(min = 1)
    private List<String> actions = new ArrayList<>();

    @Required
    @JsonPropertyDescription("How long a matching task may run before it is cancelled (e.g. 2m).")
    @Pattern(SpecSyntax.DURATION)
    private String maxRuntime;

    @JsonPropertyDescription("Only tasks running on these nodes: one Elasticsearch node specification, entries applied in order as _tasks?nodes= does (names, ids, addresses, patterns such as warm-*, attributes such as tier:warm, roles such as data:true or master:false, _local, _master).")
    private List<String> nodes = new ArrayList<>();

    @JsonPropertyDescription("Only tasks whose X-Opaque-Id matches one of these patterns.")
    private List<String> opaqueIds = new ArrayList<>();

    @JsonPropertyDescription("Never tasks whose X-Opaque-Id matches one of these patterns.")
    private List<String> excludeOpaqueIds = new ArrayList<>();

    @JsonPropertyDescription("Only tasks whose description matches one of these patterns (lists tasks in detail).")
    private List<String> descriptions = new ArrayList<>();

    @JsonPropertyDescription("Only tasks whose origin matches one of these patterns: the application and Kibana's execution context read from X-Opaque-Id, decoded, e.g. kibana:application:dashboards:* or kibana:application:discover:*. A task without origin does not match.")
    private List<String> origins = new ArrayList<>();

    @JsonPropertyDescription("Never tasks whose origin matches one of these patterns, e.g. kibana:task manager:run alerting:*.")
    private List<String> excludeOrigins = new ArrayList<>();

    @JsonPropertyDescription("Only tasks whose X-elastic-product-origin header (kibana, fleet, ...) matches one of these patterns.")
    private List<String> productOrigins = new ArrayList<>();

    @JsonPropertyDescription("Never tasks whose X-elastic-product-origin header matches one of these patterns.")
    private List<String> excludeProductOrigins = new ArrayList<>();

    @JsonPropertyDescription("Only tasks naming an index that matches one of these patterns in their description (lists tasks in detail); a task whose indices cannot be read does not match.")
    private List<String> indices = new ArrayList<>();

    @JsonPropertyDescription("Never tasks naming an index that matches one of these patterns, nor tasks whose indices cannot be read (lists tasks in detail).")
    private List<String> excludeIndices = new ArrayList<>();

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public List<String> getActions() { return actions; }
    public void setActions(List<String> actions) { this.actions = actions; }
    public String getMaxRuntime() { return maxRuntime; }
    public void setMaxRuntime(String maxRuntime) { this.maxRuntime = maxRuntime; }
    public List<String> getNodes() { return nodes; }
    public void setNodes(List<String> nodes) { this.nodes = nodes; }
    public List<String> getOpaqueIds() { return opaqueIds; }
    public void setOpaqueIds(List<String> opaqueIds) { this.opaqueIds = opaqueIds; }
    public List<String> getExcludeOpaqueIds() { return excludeOpaqueIds; }
    public void setExcludeOpaqueIds(List<String> excludeOpaqueIds) { this.excludeOpaqueIds = excludeOpaqueIds; }
    public List<String> getDescriptions() { return descriptions; }
    public void setDescriptions(List<String> descriptions) { this.descriptions = descriptions; }
    public List<String> getOrigins() { return origins; }
    public void setOrigins(List<String> origins) { this.origins = origins; }
    public List<String> getExcludeOrigins() { return excludeOrigins; }
    public void setExcludeOrigins(List<String> excludeOrigins) { this.excludeOrigins = excludeOrigins; }
    public List<String> getProductOrigins() { return productOrigins; }
    public void setProductOrigins(List<String> productOrigins) { this.productOrigins = productOrigins; }
    public List<String> getExcludeProductOrigins() { return excludeProductOrigins; }
    public void setExcludeProductOrigins(List<String> excludeProductOrigins) { this.excludeProductOrigins = excludeProductOrigins; }
    public List<String> getIndices() { return indices; }
    public void setIndices(List<String> indices) { this.indices = indices; }
    public List<String> getExcludeIndices() { return excludeIndices; }
    public void setExcludeIndices(List<String> excludeIndices) { this.excludeIndices = excludeIndices; }
}
