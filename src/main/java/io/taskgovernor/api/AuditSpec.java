package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** What each decision of a policy records beyond the task's identity, and where it is also written. */
public class AuditSpec {
    @JsonPropertyDescription("Keep a snapshot of each decided task's description (for a search, its indices and query) "
            + "in its decision; false for clusters where queries hold sensitive values. Default true. "
            + "While true the policy's cluster is listed in detail (descriptions included).")
    private Boolean description;

    @JsonPropertyDescription("At most this many bytes (UTF-8) of a description are kept. Default "
            + SpecDefaults.AUDIT_DESCRIPTION_LIMIT + ".")
    @Min(1)
    @Max(SpecSyntax.AUDIT_DESCRIPTION_LIMIT_MAX)
    private Integer descriptionLimit;

    @JsonPropertyDescription("Also write every decision as a document to an Elasticsearch data stream.")
    private AuditDataStreamSpec dataStream;

    public Boolean getDescription() { return description; }
    public void setDescription(Boolean description) { this.description = description; }
    public Integer getDescriptionLimit() { return descriptionLimit; }
    public void setDescriptionLimit(Integer descriptionLimit) { this.descriptionLimit = descriptionLimit; }
    public AuditDataStreamSpec getDataStream() { return dataStream; }
    public void setDataStream(AuditDataStreamSpec dataStream) { this.dataStream = dataStream; }
}
