package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

public class SecretKeyRef {
    @Required
    @JsonPropertyDescription("Name of the Secret in the policy's namespace.")
    private String name;

    @JsonPropertyDescription("Key in the Secret. Default " + SpecDefaults.CA_KEY + ".")
    private String key;

    public SecretKeyRef() {}

    public SecretKeyRef(String name, String key) {
        this.name = name;
        this.key = key;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
}
