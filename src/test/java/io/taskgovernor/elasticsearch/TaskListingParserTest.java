package io.taskgovernor.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.tasks.ListResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskListingParserTest {
    private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

    /** An 8.19 answer: roots and children, persistent, not cancellable, cancelled, description, failures. */
    private static final String ANSWER = """
            {"node_failures":[{"type":"failed_node_exception","reason":"Failed node [n2]","node_id":"n2",
               "caused_by":{"type":"node_not_connected_exception","reason":"[es-2][10.0.0.2:9300] Node not connected"}}],
             "task_failures":[{"task_id":7,"node_id":"n3","status":"INTERNAL_SERVER_ERROR",
               "reason":{"type":"illegal_state_exception","reason":"boom"}}],
             "nodes":{
              "n1":{"name":"es-1","transport_address":"10.0.0.1:9300","host":"10.0.0.1","ip":"10.0.0.1:9300",
                "roles":["data","master"],"attributes":{"xpack.installed":"true"},
                "tasks":{
                  "n1:10":{"node":"n1","id":10,"type":"transport","action":"indices:data/read/search",
                    "description":"indices[logs], search_type[QUERY_THEN_FETCH]","start_time_in_millis":1700000000000,
                    "running_time_in_nanos":130000000000,"cancellable":true,"cancelled":false,
                    "headers":{"X-Opaque-Id":"dashboard-1","trace.id":"abc"}},
                  "n1:11":{"node":"n1","id":11,"type":"transport","action":"indices:data/read/search[phase/query]",
                    "start_time_in_millis":1700000000001,"running_time_in_nanos":129000000000,"cancellable":true,
                    "cancelled":true,"parent_task_id":"n1:10","headers":{"X-Opaque-Id":"dashboard-1"}},
                  "n1:12":{"node":"n1","id":12,"type":"persistent","action":"health-node[c]",
                    "status":{"state":"STARTED","nested":[1,2,{"a":null}]},
                    "start_time_in_millis":1600000000000,"running_time_in_nanos":999000000000000,
                    "cancellable":true,"cancelled":false,"headers":{}},
                  "n1:13":{"node":"n1","id":13,"type":"transport","action":"cluster:monitor/nodes/hot_threads",
                    "start_time_in_millis":1700000000002,"running_time_in_nanos":5000,"cancellable":false,"headers":{}}
                }},
              "n4":{"tasks":{"n4:1":{"node":"n4","id":1,"type":"direct","action":"cluster:monitor/tasks/lists[n]",
                    "start_time_in_millis":1700000000003,"running_time_in_nanos":10,"cancellable":false,
                    "parent_task_id":"n1:99","headers":{"X-Opaque-Id":"task-governor/list"}}},
                "name":"es-4"}
             }}""";

    private static TaskListing official(byte[] bytes) {
        JacksonJsonpMapper mapper = new JacksonJsonpMapper();
        ListResponse response = ListResponse._DESERIALIZER.deserialize(
                mapper.jsonProvider().createParser(new ByteArrayInputStream(bytes)), mapper);
        return TaskListingMapper.toListing(response, AT);
    }

    @Test
    void readsWhatTheOfficialClientMappingReads() throws IOException {
        byte[] bytes = ANSWER.getBytes(StandardCharsets.UTF_8);
        TaskListing streamed = TaskListingParser.parse(bytes, AT);
        TaskListing expected = official(bytes);

        assertSameListing(streamed, expected);
        assertThat(streamed.tasks()).hasSize(5);
        assertThat(streamed.nodeFailures()).hasSize(2);
        assertThat(streamed.tasks().get(4).nodeName()).isEqualTo("es-4"); // name after tasks
    }

    @Test
    void readsTheSameAsTheOfficialMappingOnALargeMixedAnswer() throws IOException {
        byte[] bytes = LargeAnswer.bytes();
        TaskListing expected = official(bytes);
        assertThat(expected.tasks()).hasSize(10_000);
        assertSameListing(TaskListingParser.parse(bytes, AT), expected);
        assertSameListing(TaskListingParser.parse(new ByteArrayInputStream(bytes), AT), expected);
    }

    /**
     * The official client keeps a node's tasks in a hash map, so only the order may differ. Compared
     * as maps by task id (ids are unique in an answer, and equal sizes rule out a task read twice):
     * AssertJ's any-order comparison is quadratic, 10k tasks cost it tens of seconds.
     */
    private static void assertSameListing(TaskListing actual, TaskListing expected) {
        assertThat(actual.observedAt()).isEqualTo(expected.observedAt());
        assertThat(actual.tasks()).hasSameSizeAs(expected.tasks());
        assertThat(byId(actual)).isEqualTo(byId(expected));
        assertThat(actual.nodeFailures()).containsExactlyElementsOf(expected.nodeFailures());
    }

    private static Map<String, RunningTask> byId(TaskListing listing) {
        Map<String, RunningTask> byId = new HashMap<>();
        listing.tasks().forEach(t -> byId.put(t.id(), t));
        return byId;
    }

    /**
     * A node's id, types and actions are each held once however many tasks repeat them, and a node with more
     * distinct values than are kept still reads every one right.
     */
    @Test
    void repeatedValuesAreSharedAndManyDistinctOnesStillReadRight() throws IOException {
        StringBuilder json = new StringBuilder("{\"nodes\":{\"n1\":{\"name\":\"es-1\",\"tasks\":{");
        for (int i = 0; i < 200; i++) {
            json.append(i == 0 ? "" : ",").append("\"n1:").append(i).append("\":{\"node\":\"n1\",\"id\":").append(i)
                    .append(",\"type\":\"transport\",\"action\":\"indices:data/read/a").append(i % 50)
                    .append("\",\"start_time_in_millis\":1,\"running_time_in_nanos\":2,\"cancellable\":true,")
                    .append("\"cancelled\":false,\"headers\":{").append(i % 3 == 0 ? "" : "\"X-Opaque-Id\":\"q" + i + "\"")
                    .append(i % 3 == 2 ? ",\"trace.id\":\"t" + i + "\"" : "").append("}}");
        }
        byte[] bytes = json.append("}}}}").toString().getBytes(StandardCharsets.UTF_8);

        TaskListing listing = TaskListingParser.parse(bytes, AT);

        assertSameListing(listing, official(bytes));
        List<RunningTask> tasks = listing.tasks();
        assertThat(tasks).extracting(RunningTask::action).doesNotContainNull().hasSize(200);
        assertThat(tasks.stream().map(RunningTask::action).distinct()).hasSize(50);
        assertThat(tasks.get(150).nodeId()).isSameAs(tasks.get(0).nodeId());
        assertThat(tasks.get(150).type()).isSameAs(tasks.get(0).type());
        assertThat(tasks.get(150).action()).isEqualTo("indices:data/read/a0").isSameAs(tasks.get(0).action());
    }

    @Test
    void emptyAndBrokenAnswers() throws IOException {
        assertThat(TaskListingParser.parse("{\"nodes\":{}}".getBytes(StandardCharsets.UTF_8), AT).tasks()).isEmpty();
        assertThatThrownBy(() -> TaskListingParser.parse("{\"nodes\":{\"n1\":{\"tasks\":{".getBytes(StandardCharsets.UTF_8), AT))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> TaskListingParser.parse("[]".getBytes(StandardCharsets.UTF_8), AT))
                .isInstanceOf(IOException.class);
    }

    /** Many tasks over several nodes, built from the small answer's shapes. */
    private static final class LargeAnswer {
        static byte[] bytes() {
            StringBuilder json = new StringBuilder("{\"nodes\":{");
            for (int n = 0; n < 5; n++) {
                json.append(n == 0 ? "" : ",").append("\"node").append(n).append("\":{\"name\":\"es-").append(n)
                        .append("\",\"roles\":[\"data\"],\"tasks\":{");
                for (int i = 0; i < 2000; i++) {
                    boolean child = i % 3 == 1;
                    json.append(i == 0 ? "" : ",").append("\"node").append(n).append(':').append(i).append("\":{")
                            .append("\"node\":\"node").append(n).append("\",\"id\":").append(i)
                            .append(",\"type\":\"").append(i % 50 == 0 ? "persistent" : "transport")
                            .append("\",\"action\":\"").append(child ? "indices:data/read/search[phase/query]" : "indices:data/read/search")
                            .append("\",\"start_time_in_millis\":").append(1_700_000_000_000L + i)
                            .append(",\"running_time_in_nanos\":").append(i * 1_000_003L)
                            .append(",\"cancellable\":").append(i % 7 != 0);
                    if (i % 7 != 0) {
                        json.append(",\"cancelled\":").append(i % 11 == 0);
                    }
                    if (child) {
                        json.append(",\"parent_task_id\":\"node").append(n).append(':').append(i - 1).append('"');
                    }
                    json.append(",\"headers\":{").append(i % 2 == 0 ? "\"X-Opaque-Id\":\"user-" + i + "\"" : "").append("}}");
                }
                json.append("}}");
            }
            return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
