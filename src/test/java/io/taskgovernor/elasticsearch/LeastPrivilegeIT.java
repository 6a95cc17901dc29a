package io.taskgovernor.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgovernor.testing.ElasticsearchNode;
import io.taskgovernor.testing.EsHttp;
import io.taskgovernor.testing.FileRealmUser;
import io.taskgovernor.testing.RunawayTasks;
import io.taskgovernor.testing.SharedElasticsearch;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege for the governor, at the Tasks API level, on a real node with security and TLS:
 * cluster privileges {@code monitor} + {@code cancel_task} list, wait (bounded) and cancel;
 * {@code monitor} alone lists and waits, and its cancel is refused with 403. The users live in the
 * file realm (the integ-test-zip has no native realm).
 */
class LeastPrivilegeIT {
    private static final FileRealmUser GOVERNOR = SharedElasticsearch.GOVERNOR;
    private static final FileRealmUser OBSERVER = SharedElasticsearch.OBSERVER;
    private static final ListQuery HEALTH_WAITS = new ListQuery(List.of("cluster:monitor/health"), List.of(), false,
            Duration.ofSeconds(5));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ElasticsearchNode node;
    private static RunawayTasks runaway;

    @BeforeAll
    static void start() {
        node = SharedElasticsearch.tls();
        runaway = new RunawayTasks(node.http());
    }

    private static ElasticsearchTasksApi tasksApiAs(FileRealmUser user) throws IOException {
        return new ElasticsearchTasksApi(new ClusterConnection(URI.create(node.url()),
                new ClusterCredentials.Basic(user.name(), node.password()), Files.readString(node.caFile()),
                Duration.ofSeconds(10)));
    }

    private static String startHealthWait(String opaqueId) {
        runaway.startHealthWait(opaqueId, 60);
        return RunawayTasks.idOf(runaway.awaitTask("cluster:monitor/health", opaqueId));
    }

    @Test
    void monitorAndCancelTaskListWaitBoundedAndCancel() throws IOException {
        String id = startHealthWait("least-privilege-governor");
        try (ElasticsearchTasksApi tasks = tasksApiAs(GOVERNOR)) {
            assertThat(tasks.list(HEALTH_WAITS, "task-governor/list").tasks())
                    .anySatisfy(t -> assertThat(t.id()).isEqualTo(id));

            long started = System.nanoTime();
            assertThat(tasks.awaitCompletion(id, Duration.ofMillis(500), "task-governor/test"))
                    .isEqualTo(AwaitResult.STILL_RUNNING);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the wait is bounded").isLessThan(Duration.ofSeconds(5));

            assertThat(tasks.cancel(id, "task-governor/test")).isEqualTo(CancelResult.accepted());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(tasks.list(HEALTH_WAITS, "task-governor/list")
                    .tasks()).filteredOn(t -> t.id().equals(id)).singleElement()
                    .satisfies(t -> assertThat(t.cancelled()).isTrue()));
        }
    }

    @Test
    void monitorAloneListsAndWaitsButItsCancelIsRefusedWith403() throws IOException {
        String id = startHealthWait("least-privilege-observer");
        try (ElasticsearchTasksApi tasks = tasksApiAs(OBSERVER)) {
            assertThat(tasks.list(HEALTH_WAITS, "task-governor/list").tasks())
                    .anySatisfy(t -> assertThat(t.id()).isEqualTo(id));
            assertThat(tasks.awaitCompletion(id, Duration.ofMillis(500), "task-governor/test"))
                    .isEqualTo(AwaitResult.STILL_RUNNING);

            assertThatThrownBy(() -> tasks.cancel(id, "task-governor/test"))
                    .isInstanceOfSatisfying(ElasticsearchError.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.isUnauthorized()).isTrue();
                        assertThat(e.type()).isEqualTo("security_exception");
                        assertThat(e.getMessage()).contains("security_exception", "cluster:admin/tasks/cancel", "observer");
                    });
        }
        assertThat(runaway.task("cluster:monitor/health", "least-privilege-observer").orElseThrow()
                .path("cancelled").asBoolean()).as("the refused cancel changed nothing").isFalse();
    }

    /** What Elasticsearch itself answers to the refused cancel, byte for byte what the product parses. */
    @Test
    void theOperatorsPrivilegeCheckNamesWhatTheUserLacks() throws IOException {
        try (ElasticsearchTasksApi governor = tasksApiAs(GOVERNOR); ElasticsearchTasksApi observer = tasksApiAs(OBSERVER)) {
            assertThat(governor.missingPrivileges(ClusterAccess.REQUIRED_PRIVILEGES, "task-governor/check")).isEmpty();
            assertThat(observer.missingPrivileges(ClusterAccess.REQUIRED_PRIVILEGES, "task-governor/check"))
                    .containsExactly("cancel_task");
        }
    }

    @Test
    void theRefusedCancelAnswerNamesTheActionTheUserAndThePrivilegesThatGrantIt() throws IOException {
        String id = startHealthWait("least-privilege-raw");
        EsHttp.Response response = node.http(OBSERVER).send("POST", "/_tasks/" + id + "/_cancel?wait_for_completion=false",
                null, "task-governor/test");
        System.out.println("[LeastPrivilegeIT] Elasticsearch " + node.version() + " refused cancel: HTTP "
                + response.status() + " " + response.body());

        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(response.status()).isEqualTo(403);
        assertThat(error.path("type").asText()).isEqualTo("security_exception");
        assertThat(error.path("reason").asText())
                .contains("action [cluster:admin/tasks/cancel] is unauthorized for user [observer]")
                .contains("[task_observer]")
                .contains("cancel_task");
    }
}
