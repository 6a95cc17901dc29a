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

/**
 * The spec of a TaskPolicy, as the CRD describes it.
 *
 * <h2>A stored spec with wrong types: read leniently, reported by validation</h2>
 * Where the CRD's schema is not enforced (a CRD applied without it, another version of it), a stored
 * spec can hold a wrong type or an unknown field. Read the ordinary way, it would fail the informer,
 * and JOSDK stops the whole operator when an informer fails: one bad policy would take every good
 * one down. So such a spec travels as an empty spec holding its raw document ({@link #getUnreadable()}),
 * and becomes Ready=False/InvalidSpec naming each bad value, with the field paths and words
 * {@code validate} uses for files. Three steps, each pointing here:
 * <ol>
 *   <li>{@link LenientSpecDeserializer} reads a spec without ever failing: when the ordinary reading
 *       fails, it returns an empty spec with the raw document;</li>
 *   <li>{@code reconcile.UnreadableSpecKeepingCloner}: JOSDK clones each resource by a JSON round
 *       trip before reconciling it, and the raw document is not serialized (it is no field of the
 *       CRD), so the cloner carries it across;</li>
 *   <li>{@code policy.PolicyCompiler} hands the raw document to {@code policy.ManifestShapeChecker},
 *       the same check {@code validate} runs on files before reading them, which reports every
 *       unknown field and wrongly typed value.</li>
 * </ol>
 * The CLI never meets an unreadable spec: {@code PolicyManifestParser} checks a file's shape first
 * and reads only what passed.
 */
@JsonDeserialize(using = LenientSpecDeserializer.class)
public class TaskPolicySpec {
    /** The raw document of a spec that could not be read, else null (see the class comment). */
    @JsonIgnore
    private JsonNode unreadable;

    @Required
    @JsonPropertyDescription("The cluster whose tasks this policy governs.")
    @ValidationRule(value = "has(self.url) != has(self.elasticsearchRef)",
            message = "give exactly one of url and elasticsearchRef")
    @ValidationRule(value = "!has(self.elasticsearchRef) || !has(self.caSecret)",
            message = "caSecret goes with url; elasticsearchRef takes ECK's CA Secret <name>-es-http-certs-public")
    private ElasticsearchSpec elasticsearch;

    @JsonPropertyDescription("How often the cluster's tasks are checked (e.g. 15s, 1m), at least 1s. Default "
            + SpecDefaults.INTERVAL + ".")
    @Pattern(SpecSyntax.DURATION)
    // At least one second: a non-zero s/m/h/d part (an "m" not followed by "s"), or 1000ms and more.
    // ISO-8601 values are left to the operator's validation, which says the same (PolicyCompiler.MIN_INTERVAL).
    @ValidationRule(value = "self.startsWith('P') || self.matches('[1-9][0-9]*([shd]|m([0-9]|$))') "
            + "|| self.matches('[1-9][0-9]{3,}ms')", message = "interval must be at least 1s")
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

    @JsonPropertyDescription("What decisions record (a capped snapshot of the task's description), and an optional data stream they are written to.")
    private AuditSpec audit;

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
    public AuditSpec getAudit() { return audit; }
    public void setAudit(AuditSpec audit) { this.audit = audit; }

    @JsonIgnore
    public JsonNode getUnreadable() { return unreadable; }
    @JsonIgnore
    public void setUnreadable(JsonNode unreadable) { this.unreadable = unreadable; }
}
