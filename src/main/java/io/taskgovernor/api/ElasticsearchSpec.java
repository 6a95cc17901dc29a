package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

public class ElasticsearchSpec {
    @Required
    @JsonPropertyDescription("Base URL of the cluster, http or https (e.g. " + SpecSyntax.URL_EXAMPLE + ").")
    @Pattern(SpecSyntax.URL)
    private String url;

    @JsonPropertyDescription("Secret in the policy's namespace with keys username and password, or apiKey.")
    private String credentialsSecret;

    @JsonPropertyDescription("Secret key holding the PEM CA certificate(s) that sign the cluster's certificate.")
    private SecretKeyRef caSecret;

    @JsonPropertyDescription("Timeout of each request to the cluster (e.g. 10s). Default " + SpecDefaults.REQUEST_TIMEOUT + ".")
    @Pattern(SpecSyntax.DURATION)
    private String requestTimeout;

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getCredentialsSecret() { return credentialsSecret; }
    public void setCredentialsSecret(String credentialsSecret) { this.credentialsSecret = credentialsSecret; }
    public SecretKeyRef getCaSecret() { return caSecret; }
    public void setCaSecret(SecretKeyRef caSecret) { this.caSecret = caSecret; }
    public String getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(String requestTimeout) { this.requestTimeout = requestTimeout; }
}
