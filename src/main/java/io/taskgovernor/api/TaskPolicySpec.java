package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonDeserialize(using = LenientSpecDeserializer.class)
public class TaskPolicySpec {
    /** Set, with the raw document, when the spec as stored could not be read. */
    @JsonIgnore
    private JsonNode unreadable;

    @Required
    @JsonPropertyDescription("The cluster whose tasks this policy governs.")
    private ElasticsearchSpec elasticsearch;

    @JsonPropertyDescription("How often the cluster's tasks are checked (e.g. 15s, 1m). Default " + SpecDefaults.INTERVAL + ".")
    @Pattern(SpecSyntax.DURATION)
    private String interval;

    @JsonPropertyDescription("Report violations without cancelling anything.")
    private boolean dryRun;

    @JsonPropertyDescription("Stop enforcing this policy until set back to false.")
    private boolean suspend;

    @Required
    @JsonPropertyDescription("Which tasks are governed; when several rules match a task the smallest maxRuntime decides.")
    @Size(min = 1)
    @ValidationRule(value = "self.all(r, self.exists_one(o, o.name == r.name))", message = "rule names must be unique")
    private List<RuleSpec> rules = new ArrayList<>();

    @JsonPropertyDescription("How violators are cancelled.")
    private CancellationSpec cancellation;

    public ElasticsearchSpec getElasticsearch() { return elasticsearch; }
    public void setElasticsearch(ElasticsearchSpec elasticsearch) { this.elasticsearch = elasticsearch; }
    public String getInterval() { return interval; }
    public void setInterval(String interval) { this.interval = interval; }
    public boolean isDryRun() { return dryRun; }
    public void setDryRun(boolean dryRun) { this.dryRun = dryRun; }
    public boolean isSuspend() { return suspend; }
    public void setSuspend(boolean suspend) { this.suspend = suspend; }
    public List<RuleSpec> getRules() { return rules; }
    public void setRules(List<RuleSpec> rules) { this.rules = rules; }
    public CancellationSpec getCancellation() { return cancellation; }
    public void setCancellation(CancellationSpec cancellation) { this.cancellation = cancellation; }

    @JsonIgnore
    public JsonNode getUnreadable() { return unreadable; }
    @JsonIgnore
    public void setUnreadable(JsonNode unreadable) { this.unreadable = unreadable; }
}
