package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * An ECK {@code Elasticsearch} resource ({@code elasticsearch.k8s.elastic.co/v1}) named instead of a URL;
 * ECK's conventions give the service and the CA Secret ({@code policy.ElasticsearchReference}).
 */
public class ElasticsearchRef {
    @Required
    @JsonPropertyDescription("Name of the ECK Elasticsearch resource.")
    @Pattern(SpecSyntax.OBJECT_NAME)
    private String name;

    @JsonPropertyDescription("Its namespace; default the policy's. Another namespace is refused unless the operator "
            + "runs with ALLOW_CROSS_NAMESPACE_REFERENCES=true.")
    @Pattern(SpecSyntax.OBJECT_NAME)
    private String namespace;

    public ElasticsearchRef() {}

    public ElasticsearchRef(String name, String namespace) {
        this.name = name;
        this.namespace = namespace;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getNamespace() { return namespace; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
}
