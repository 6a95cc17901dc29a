package io.taskgovernor.testing;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link SharedElasticsearch#node() shared plain node} as an IT class governs it, registered with
 * {@code @RegisterExtension static final SharedNode SHARED = new SharedNode();}: the node, {@link RunawayTasks}
 * on it to provoke tasks, and the governor's own client ({@link ElasticsearchTasksApi}, no credentials, 10 s
 * request timeout), opened before the class's first test and closed after its last (the node keeps running).
 */
public final class SharedNode implements BeforeAllCallback, AfterAllCallback {
    private ElasticsearchNode node;
    private RunawayTasks runaway;
    private ElasticsearchTasksApi tasks;

    @Override
    public void beforeAll(ExtensionContext context) {
        node = SharedElasticsearch.node();
        runaway = new RunawayTasks(node.http());
        tasks = new ElasticsearchTasksApi(new ClusterConnection(URI.create(node.url()), ClusterCredentials.NONE, null,
                Duration.ofSeconds(10)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (tasks != null) {
            tasks.close();
        }
    }

    public ElasticsearchNode node() {
        return node;
    }

    public RunawayTasks runaway() {
        return runaway;
    }

    /** The governor's client of the node, as a {@code GovernancePass} takes it. */
    public ElasticsearchTasksApi tasks() {
        return tasks;
    }

    /** Asks the node to cancel the task {@code <node id>:<number>}, not waiting for it to end. */
    public void cancel(String taskId) {
        node.http().send("POST", "/_tasks/" + taskId + "/_cancel", null, null);
    }
}
