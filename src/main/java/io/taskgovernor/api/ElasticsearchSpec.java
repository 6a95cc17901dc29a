package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

public class ElasticsearchSpec {
    @JsonPropertyDescription("Base URL of the cluster, http or https (e.g. " + SpecSyntax.URL_EXAMPLE + "); "
            + "exactly one of url and elasticsearchRef.")
    @Pattern(SpecSyntax.URL)
    private String url;

    @JsonPropertyDescription("An ECK Elasticsearch resource instead of url: the governor connects to "
            + "https://<name>-es-http.<namespace>.svc:9200 and trusts the CA in Secret <name>-es-http-certs-public "
            + "(key ca.crt) of that namespace; credentials still come from credentialsSecret.")
    private ElasticsearchRef elasticsearchRef;

    @JsonPropertyDescription("Secret in the policy's namespace with keys username and password, or apiKey.")
    private String credentialsSecret;

    @JsonPropertyDescription("Secret key holding the PEM CA certificate(s) that sign the cluster's certificate "
            + "(with url only: elasticsearchRef takes ECK's).")
    private SecretKeyRef caSecret;

    @JsonPropertyDescription("Timeout of each request to the cluster (e.g. 10s). Default " + SpecDefaults.REQUEST_TIMEOUT + ".")
    @Pattern(SpecSyntax.DURATION)
    private String requestTimeout;

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public ElasticsearchRef getElasticsearchRef() { return elasticsearchRef; }
    public void setElasticsearchRef(ElasticsearchRef elasticsearchRef) { this.elasticsearchRef = elasticsearchRef; }
    public String getCredentialsSecret() { return credentialsSecret; }
    public void setCredentialsSecret(String credentialsSecret) { this.credentialsSecret = credentialsSecret; }
    public SecretKeyRef getCaSecret() { return caSecret; }
    public void setCaSecret(SecretKeyRef caSecret) { this.caSecret = caSecret; }
    public String getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(String requestTimeout) { this.requestTimeout = requestTimeout; }
}
