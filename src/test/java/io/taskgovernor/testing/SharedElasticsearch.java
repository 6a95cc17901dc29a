package io.taskgovernor.testing;

/**
 * One plain node for the whole test run: starting Elasticsearch costs seconds, so every IT class
 * that needs nothing special shares it. A shutdown hook stops it when the test JVM ends.
 */
public final class SharedElasticsearch {
    private static ElasticsearchNode node;

    private SharedElasticsearch() {}

    public static synchronized ElasticsearchNode node() {
        if (node == null) {
            node = ElasticsearchNode.start(ElasticsearchNode.Security.NONE);
            ElasticsearchNode started = node;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-elasticsearch"));
        }
        return node;
    }
}
