package io.taskgovernor.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic but realistically shaped answer to {@code GET _tasks?group_by=nodes} as Elasticsearch 8.19
 * writes it: nodes → {name, transport_address, host, ip, roles, tasks: {"node:id": {node, id, type,
 * action, start_time_in_millis, running_time_in_nanos, cancellable, cancelled, parent_task_id?,
 * headers: {X-Opaque-Id?}}}}.
 *
 * <p>Mix (by task count, roughly): searches with 1-5 shard-level children spread over the nodes
 * (~55%), bulk requests with their [s] and [s][p] children (~35%), health waits, ES|QL, reindex and
 * by-query, the governor's own listing with its per-node children, and a few persistent tasks per
 * node. About 3% of the search roots run past 2 minutes (some of them already cancelled), and a few
 * reindexes run past 30 minutes. Deterministic (fixed seed).
 *
 * <p>{@code main(N, file)} writes the answer for N tasks to a file.
 */
public final class TasksResponseGenerator {
    static final long NOW_MILLIS = 1_760_000_000_000L;
    private static final String[] OPAQUE_IDS = {
        "dashboard-sales", "dashboard-ops", "kibana-alerting-rule-17", "nightly-reporting", "api-gateway",
        "etl-job", "search-ui"};

    private record Task(String node, long id, String type, String action, long runningNanos, boolean cancellable,
                        boolean cancelled, String parent, String opaqueId) {}

    private TasksResponseGenerator() {}

    public static byte[] generate(int taskCount) {
        int nodeCount = Math.max(3, Math.min(20, taskCount / 5000));
        Random random = new Random(42);
        String[] nodeIds = new String[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            nodeIds[i] = nodeId(random);
        }
        List<List<Task>> byNode = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            byNode.add(new ArrayList<>());
        }
        long[] nextId = new long[nodeCount];
        java.util.Arrays.fill(nextId, 1000);
        int count = 0;
        // persistent tasks and the governor's own listing first, as a cluster always has them
        for (int n = 0; n < nodeCount; n++) {
            byNode.get(n).add(new Task(nodeIds[n], nextId[n]++, "persistent", n == 0 ? "health-node[c]" : "xpack/ml/job[c]",
                    86_400_000_000_000L + random.nextInt(1_000_000), true, false, null, null));
            count++;
        }
        Task list = new Task(nodeIds[0], nextId[0]++, "transport", "cluster:monitor/tasks/lists", 3_000_000, false, false,
                null, "task-governor/list");
        byNode.get(0).add(list);
        count++;
        for (int n = 0; n < nodeCount && count < taskCount; n++) {
            byNode.get(n).add(new Task(nodeIds[n], nextId[n]++, "direct", "cluster:monitor/tasks/lists[n]", 1_000_000, false,
                    false, list.node + ":" + list.id, "task-governor/list"));
            count++;
        }
        while (count < taskCount) {
            int n = random.nextInt(nodeCount);
            double kind = random.nextDouble();
            String opaqueId = random.nextDouble() < 0.6 ? OPAQUE_IDS[random.nextInt(OPAQUE_IDS.length)] : null;
            if (kind < 0.30) {
                // a search: root on the coordinating node, shard-level children on data nodes
                double age = random.nextDouble();
                long running = age < 0.03 ? 120_000_000_000L + (long) (random.nextDouble() * 600_000_000_000L)
                        : (long) (random.nextDouble() * 60_000_000_000L);
                boolean cancelled = age < 0.005;
                Task root = new Task(nodeIds[n], nextId[n]++, "transport", "indices:data/read/search", running, true,
                        cancelled, null, opaqueId);
                byNode.get(n).add(root);
                count++;
                int children = 1 + random.nextInt(5);
                for (int c = 0; c < children && count < taskCount; c++) {
                    int cn = random.nextInt(nodeCount);
                    String action = random.nextDouble() < 0.8 ? "indices:data/read/search[phase/query]"
                            : "indices:data/read/search[phase/fetch/id]";
                    byNode.get(cn).add(new Task(nodeIds[cn], nextId[cn]++, "transport", action,
                            Math.max(0, running - random.nextInt(50_000_000)), true, cancelled,
                            root.node + ":" + root.id, opaqueId));
                    count++;
                }
            } else if (kind < 0.75) {
                // a bulk request: bulk → bulk[s] → bulk[s][p]
                long running = (long) (random.nextDouble() * 2_000_000_000L);
                Task root = new Task(nodeIds[n], nextId[n]++, "transport", "indices:data/write/bulk", running, false,
                        false, null, opaqueId);
                byNode.get(n).add(root);
                count++;
                int sn = random.nextInt(nodeCount);
                Task shard = new Task(nodeIds[sn], nextId[sn]++, "transport", "indices:data/write/bulk[s]", running / 2,
                        false, false, root.node + ":" + root.id, opaqueId);
                if (count < taskCount) {
                    byNode.get(sn).add(shard);
                    count++;
                }
                if (count < taskCount) {
                    byNode.get(sn).add(new Task(nodeIds[sn], nextId[sn]++, "transport", "indices:data/write/bulk[s][p]",
                            running / 3, false, false, shard.node + ":" + shard.id, opaqueId));
                    count++;
                }
            } else if (kind < 0.85) {
                byNode.get(n).add(new Task(nodeIds[n], nextId[n]++, "transport", "cluster:monitor/health",
                        (long) (random.nextDouble() * 30_000_000_000L), true, false, null, opaqueId));
                count++;
            } else if (kind < 0.95) {
                byNode.get(n).add(new Task(nodeIds[n], nextId[n]++, "transport", "indices:data/read/esql",
                        (long) (random.nextDouble() * 400_000_000_000L), true, false, null, opaqueId));
                count++;
            } else {
                String action = random.nextBoolean() ? "indices:data/write/reindex" : "indices:data/write/update/byquery";
                byNode.get(n).add(new Task(nodeIds[n], nextId[n]++, "transport", action,
                        (long) (random.nextDouble() * 3_000_000_000_000L), true, false, null, opaqueId));
                count++;
            }
        }
        return write(nodeIds, byNode);
    }

    private static byte[] write(String[] nodeIds, List<List<Task>> byNode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(byNode.stream().mapToInt(List::size).sum() * 330);
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("nodes");
            for (int n = 0; n < nodeIds.length; n++) {
                json.writeObjectFieldStart(nodeIds[n]);
                json.writeStringField("name", String.format("es-data-%02d", n));
                json.writeStringField("transport_address", "10.0.0." + (n + 10) + ":9300");
                json.writeStringField("host", "10.0.0." + (n + 10));
                json.writeStringField("ip", "10.0.0." + (n + 10) + ":9300");
                json.writeArrayFieldStart("roles");
                for (String role : new String[] {"data_content", "data_hot", "ingest", "master", "remote_cluster_client", "transform"}) {
                    json.writeString(role);
                }
                json.writeEndArray();
                json.writeObjectFieldStart("attributes");
                json.writeStringField("xpack.installed", "true");
                json.writeStringField("transform.config_version", "10.0.0");
                json.writeEndObject();
                json.writeObjectFieldStart("tasks");
                for (Task task : byNode.get(n)) {
                    json.writeObjectFieldStart(task.node + ":" + task.id);
                    json.writeStringField("node", task.node);
                    json.writeNumberField("id", task.id);
                    json.writeStringField("type", task.type);
                    json.writeStringField("action", task.action);
                    json.writeNumberField("start_time_in_millis", NOW_MILLIS - task.runningNanos / 1_000_000L);
                    json.writeNumberField("running_time_in_nanos", task.runningNanos);
                    json.writeBooleanField("cancellable", task.cancellable);
                    if (task.cancellable) {
                        json.writeBooleanField("cancelled", task.cancelled);
                    }
                    if (task.parent != null) {
                        json.writeStringField("parent_task_id", task.parent);
                    }
                    json.writeObjectFieldStart("headers");
                    if (task.opaqueId != null) {
                        json.writeStringField("X-Opaque-Id", task.opaqueId);
                    }
                    json.writeEndObject();
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String nodeId(Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder id = new StringBuilder(22);
        for (int i = 0; i < 22; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    public static void main(String[] args) throws IOException {
        int tasks = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        byte[] bytes = generate(tasks);
        Files.write(file, bytes);
        System.out.println("wrote " + tasks + " tasks, " + bytes.length + " bytes to " + file);
    }
}
