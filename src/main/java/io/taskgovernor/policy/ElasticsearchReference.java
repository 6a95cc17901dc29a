package io.taskgovernor.policy;

import java.net.URI;

/**
 * An ECK-managed cluster named by its {@code Elasticsearch} resource, and what ECK's conventions make of
 * that name (ECK, elastic/cloud-on-k8s: the HTTP service {@code <name>-es-http} on port 9200, TLS by
 * default with its CA published in Secret {@code <name>-es-http-certs-public}, key {@code ca.crt}, both in
 * the resource's namespace).
 *
 * @param name      the Elasticsearch resource's name
 * @param namespace its namespace, never null: the policy's when the reference leaves it out
 */
public record ElasticsearchReference(String name, String namespace) {
    public static final String API_GROUP = "elasticsearch.k8s.elastic.co";
    public static final String API_VERSION = "v1";
    public static final String KIND = "Elasticsearch";
    public static final String PLURAL = "elasticsearches";
    public static final int HTTP_PORT = 9200;
    public static final String CA_KEY = "ca.crt";

    /** The service's in-cluster address: {@code https://<name>-es-http.<namespace>.svc:9200}. */
    public URI serviceUrl() {
        return URI.create("https://" + name + "-es-http." + namespace + ".svc:" + HTTP_PORT);
    }

    /** The Secret holding the HTTP CA ECK generated (or the one a user gave it), in {@link #namespace}. */
    public String caSecretName() {
        return name + "-es-http-certs-public";
    }

    @Override
    public String toString() {
        return "Elasticsearch " + namespace + "/" + name;
    }
}
