package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.Timer;
import io.taskgovernor.api.ClusterTaskPolicy;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.api.TaskPolicySpec;
import io.taskgovernor.api.TaskPolicyStatus;
import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.testing.TestSettings;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import io.taskgovernor.testing.ScriptedHttpServer;
import io.taskgovernor.testing.ScriptedHttpServer.Reply;
import io.taskgovernor.testing.ScriptedHttpServer.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ClusterTaskPolicy on the mock API server, with a scripted Elasticsearch (a real node cannot be made to
 * show the same runaway search at every listing until it is cancelled, nor count list calls per pass).
 * Bodies as Elasticsearch 8.19.21 writes them: the listing is {@code GET _tasks?group_by=nodes} cut by the
 * governor's {@code filter_path}, and an accepted cancel cut to its failures is {@code {}} (both pinned
 * by {@code ElasticsearchTasksApiFakeServerTest}).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterTaskPolicyFakeServerTest {
    private static final String CLUSTER_RESOURCES = "governor-system";
    /** Sorts before "ClusterTaskPolicy/" as text: only the kind can put the cluster policy first. */
    private static final String NS = "0-search";
    private static final String API_KEY = "Z292ZXJub3I6c2hhcmVkLWtleQ==";
    private static final String OTHER_API_KEY = "ZGVjb3k6bm90LXRoaXMtb25l";
    private static final String LISTING = """
            {"nodes":{"n1":{"name":"es-0","tasks":{"n1:7":{"node":"n1","id":7,"type":"transport",
              "action":"indices:data/read/search","start_time_in_millis":1,"running_time_in_nanos":60000000000,
              "cancellable":true,"cancelled":false,"headers":{"X-Opaque-Id":"dashboard"}}}}}}""";
    private static final String EMPTY_LISTING = "{\"nodes\":{}}";

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static OperatorSettings settings(Set<String> namespaces, String clusterResourceNamespace) {
        return new OperatorSettings(namespaces, OperatorSettings.DEFAULT_LEASE_NAME, null, Duration.ofSeconds(3),
                "test-operator", 0, false, null, false, clusterResourceNamespace,
                TestSettings.POLLER_CLOSE_WAIT);
    }

    /** A cluster with one runaway search from the start until a cancel arrives; then the search is gone. */
    private static ScriptedHttpServer runawaySearch() {
        return runawaySearch(new AtomicBoolean(true));
    }

    /** A cluster with one runaway search while {@code started} and until a cancel arrives. */
    private static ScriptedHttpServer runawaySearch(AtomicBoolean started) {
        AtomicBoolean cancelled = new AtomicBoolean();
        return new ScriptedHttpServer(request -> {
            if (request.method().equals("POST") && request.path().startsWith("/_tasks/n1:7/_cancel")) {
                cancelled.set(true);
                return Reply.json(200, "{}");
            }
            return Reply.json(200, started.get() && !cancelled.get() ? LISTING : EMPTY_LISTING);
        });
    }

    private static boolean isList(Request request) {
        return request.method().equals("GET") && request.path().startsWith("/_tasks?");
    }

    private static void apiKeySecret(String namespace, String apiKey) {
        client.resource(new SecretBuilder().withNewMetadata().withName("es-governor").withNamespace(namespace).endMetadata()
                .withStringData(Map.of("apiKey", apiKey)).build()).create();
    }

    @AfterEach
    void cleanUp() {
        client.resources(TaskPolicy.class).inAnyNamespace().delete();
        client.resources(ClusterTaskPolicy.class).delete();
        client.secrets().inAnyNamespace().delete();
    }

    @Test
    void aClusterTaskPolicyAndATaskPolicyOnOneClusterShareOneListCallPerPassAndTheClusterPolicyActsFirst() {
        // The same governor user for the platform team's policy and the application team's, each in its own namespace;
        // a Secret of that name in "default" must not be read for the cluster-scoped policy.
        apiKeySecret(CLUSTER_RESOURCES, API_KEY);
        apiKeySecret(NS, API_KEY);
        apiKeySecret("default", OTHER_API_KEY);
        AtomicBoolean searchStarted = new AtomicBoolean();
        try (ScriptedHttpServer es = runawaySearch(searchStarted);
             OperatorHarness harness = new OperatorHarness(client, ElasticsearchTasksApi::new,
                     settings(Set.of(), CLUSTER_RESOURCES))) {
            // One name for both: the keys must still tell them apart.
            ClusterTaskPolicy platform = Policies.clusterPolicy("guardrail", es.url(), "10s", "indices:data/read/search*");
            platform.getSpec().getElasticsearch().setCredentialsSecret("es-governor");
            TaskPolicy team = Policies.policy(NS, "guardrail", es.url(), "10s", "indices:data/read/search*");
            team.getSpec().getElasticsearch().setCredentialsSecret("es-governor");
            client.resource(team).create();
            client.resource(platform).create();

            await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(ready(harness.getCluster("guardrail")).getReason()).isEqualTo("Governing");
                assertThat(ready(harness.get(NS, "guardrail")).getReason()).isEqualTo("Governing");
            });
            // Both are on the poller now: the search runs over both policies' limit at once.
            searchStarted.set(true);
            await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(harness.getCluster("guardrail").getStatus().getCancellationsTotal()).isEqualTo(1));

            List<Request> cancels = es.requests().stream().filter(r -> r.path().contains("_cancel")).toList();
            assertThat(cancels).as("one cancel, by the cluster policy, which acts first").singleElement().satisfies(r -> {
                assertThat(r.header("X-Opaque-Id")).isEqualTo("task-governor/ClusterTaskPolicy/guardrail");
                assertThat(r.header("Authorization")).isEqualTo("ApiKey " + API_KEY);
            });
            assertThat(es.requests()).noneSatisfy(r -> assertThat(r.header("Authorization")).contains(OTHER_API_KEY));
            TaskPolicyStatus teamStatus = harness.get(NS, "guardrail").getStatus();
            assertThat(teamStatus.getCancellationsTotal() == null ? 0 : teamStatus.getCancellationsTotal()).isZero();

            assertThat(harness.operator().pollerCount()).as("both kinds on one poller").isEqualTo(1);
            Timer passes = harness.registry().find("taskgovernor.pass.duration").timer();
            long passesBefore = passes.count();
            await().atMost(Duration.ofSeconds(20)).until(() -> passes.count() >= passesBefore + 3);
            // A pass records its duration after its list call: the count read first can lag by the pass in flight.
            long passCount = passes.count();
            long listCalls = es.requests().stream().filter(ClusterTaskPolicyFakeServerTest::isList).count();
            assertThat(listCalls).as("list calls against %d passes", passCount).isBetween(passCount, passCount + 1);
            assertThat(es.requests()).filteredOn(ClusterTaskPolicyFakeServerTest::isList)
                    .allSatisfy(r -> assertThat(r.header("X-Opaque-Id")).isEqualTo("task-governor/list"));

            String scrape = harness.registry().scrape();
            assertThat(scrape).contains("policy=\"ClusterTaskPolicy/guardrail\"").contains("policy=\"" + NS + "/guardrail\"");
            await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(client.v1().events().inNamespace("default").list().getItems())
                            .as("Events of a cluster-scoped object go to namespace default, as Kubernetes' recorder puts them")
                            .anySatisfy(e -> {
                                assertThat(e.getInvolvedObject().getKind()).isEqualTo("ClusterTaskPolicy");
                                assertThat(e.getInvolvedObject().getName()).isEqualTo("guardrail");
                                assertThat(e.getInvolvedObject().getNamespace()).isNull();
                            }));
        }
    }

    @Test
    void withoutAClusterResourceNamespaceAClusterTaskPolicyNamingASecretSaysWhatToSet() {
        try (ScriptedHttpServer es = runawaySearch();
             OperatorHarness harness = new OperatorHarness(client, ElasticsearchTasksApi::new, settings(Set.of(), null))) {
            ClusterTaskPolicy withSecret = Policies.clusterPolicy("with-secret", es.url(), "10s", "indices:data/read/search*");
            withSecret.getSpec().getElasticsearch().setCredentialsSecret("es-governor");
            client.resource(withSecret).create();
            client.resource(Policies.clusterPolicy("without-secret", es.url(), "10s", "indices:data/read/search*")).create();

            await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Condition refused = ready(harness.getCluster("with-secret"));
                assertThat(refused.getReason()).isEqualTo("CredentialsUnavailable");
                assertThat(refused.getMessage()).contains("CLUSTER_RESOURCE_NAMESPACE");
                assertThat(ready(harness.getCluster("without-secret")).getReason()).isEqualTo("Governing");
                assertThat(harness.getCluster("without-secret").getStatus().getCancellationsTotal()).isEqualTo(1);
            });
        }
    }

    @Test
    void anOperatorWatchingSomeNamespacesLeavesClusterTaskPoliciesAlone() throws InterruptedException {
        operatorReads(); // what earlier tests' operators read
        try (ScriptedHttpServer es = runawaySearch();
             OperatorHarness harness = new OperatorHarness(client, ElasticsearchTasksApi::new,
                     settings(Set.of(NS), CLUSTER_RESOURCES))) {
            client.resource(Policies.clusterPolicy("platform", es.url(), "10s", "indices:data/read/search*")).create();
            client.resource(Policies.policy(NS, "team", es.url(), "10s", "indices:data/read/search*")).create();

            await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(harness.get(NS, "team").getStatus().getCancellationsTotal()).isEqualTo(1));
            // The informers of every registered controller have listed before start() returned.
            assertThat(operatorReads()).as("the operator's reads of the API server")
                    .anyMatch(path -> path.startsWith("/apis/taskgovernor.io/") && path.contains("/taskpolicies"))
                    .noneMatch(path -> path.startsWith("/apis/taskgovernor.io/") && path.contains("/clustertaskpolicies"));
            assertThat(harness.getCluster("platform").getStatus()).isNull();
            assertThat(es.requests()).filteredOn(r -> r.path().contains("_cancel"))
                    .allSatisfy(r -> assertThat(r.header("X-Opaque-Id")).isEqualTo("task-governor/" + NS + "/team"));
        }
    }

    /** As for a TaskPolicy (BadInputOperatorTest): a wrong type only a schema-less API server would take is named. */
    @Test
    void aClusterTaskPolicyWithWrongTypesIsInvalidSpecNamingThemAndTheOthersAreGoverned() {
        try (ScriptedHttpServer es = runawaySearch();
             OperatorHarness harness = new OperatorHarness(client, ElasticsearchTasksApi::new,
                     settings(Set.of(), CLUSTER_RESOURCES))) {
            GenericKubernetesResource wrongType = Serialization.unmarshal("""
                    apiVersion: taskgovernor.io/v1alpha1
                    kind: ClusterTaskPolicy
                    metadata: {name: wrong-type}
                    spec:
                      elasticsearch: {url: "http://es:9200"}
                      rules: "all of them"
                    """, GenericKubernetesResource.class);
            client.genericKubernetesResources(TaskPolicy.API_VERSION, ClusterTaskPolicy.KIND).resource(wrongType).create();
            client.resource(Policies.clusterPolicy("good", es.url(), "10s", "indices:data/read/search*")).create();

            await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Condition invalid = ready(harness.getCluster("wrong-type"));
                assertThat(invalid.getReason()).isEqualTo("InvalidSpec");
                assertThat(invalid.getMessage()).contains("spec.rules: expected a list");
                assertThat(harness.getCluster("good").getStatus().getCancellationsTotal()).isEqualTo(1);
            });
        }
    }

    /** The GET paths the mock server served since the last call. */
    private static List<String> operatorReads() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if ("GET".equals(request.getMethod())) {
                paths.add(request.getPath());
            }
        }
        return paths;
    }

    private static Condition ready(CustomResource<TaskPolicySpec, TaskPolicyStatus> policy) {
        return policy.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
    }
}
