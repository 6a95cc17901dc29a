package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The data stream a policy's decisions are written to, and on which cluster. */
public class AuditDataStreamSpec {
    @JsonPropertyDescription("Data stream name. Default " + SpecDefaults.AUDIT_DATA_STREAM
            + " (logs-*-* has a built-in data stream template).")
    private String name;

    @JsonPropertyDescription("The cluster written to, when not the governed one (url, credentialsSecret, caSecret, requestTimeout).")
    private ElasticsearchSpec elasticsearch;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public ElasticsearchSpec getElasticsearch() { return elasticsearch; }
    public void setElasticsearch(ElasticsearchSpec elasticsearch) { this.elasticsearch = elasticsearch; }
}
