package io.taskgovernor.testing;

import io.taskgovernor.elasticsearch.RunningTask;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Builds listed tasks for plain unit tests: a cancellable root transport task unless told otherwise. */
public final class TaskBuilder {
    private String id = "node-a:1";
    private String nodeId = "node-a";
    private String nodeName = "es-0";
    private String action = "indices:data/read/search";
    private String type = "transport";
    private String description;
    private long startMillis = 1_700_000_000_000L;
    private Duration running = Duration.ofSeconds(1);
    private boolean cancellable = true;
    private boolean cancelled;
    private String parent;
    private final Map<String, String> headers = new HashMap<>();

    public static TaskBuilder task(String id) {
        TaskBuilder builder = new TaskBuilder();
        builder.id = id;
        builder.nodeId = id.substring(0, Math.max(0, id.indexOf(':')));
        return builder;
    }

    public TaskBuilder action(String action) { this.action = action; return this; }
    public TaskBuilder running(Duration running) { this.running = running; return this; }
    public TaskBuilder runningSeconds(long seconds) { return running(Duration.ofSeconds(seconds)); }
    public TaskBuilder nodeName(String nodeName) { this.nodeName = nodeName; return this; }
    public TaskBuilder type(String type) { this.type = type; return this; }
    public TaskBuilder description(String description) { this.description = description; return this; }
    public TaskBuilder notCancellable() { this.cancellable = false; return this; }
    public TaskBuilder cancelled() { this.cancelled = true; return this; }
    public TaskBuilder parent(String parent) { this.parent = parent; return this; }
    public TaskBuilder opaqueId(String opaqueId) { headers.put(RunningTask.OPAQUE_ID_HEADER, opaqueId); return this; }
    public TaskBuilder header(String name, String value) { headers.put(name, value); return this; }

    public RunningTask build() {
        return new RunningTask(id, nodeId, nodeName, action, type, description, startMillis, running.toNanos(),
                cancellable, cancelled, parent, headers);
    }
}
