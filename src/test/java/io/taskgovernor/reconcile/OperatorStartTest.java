package io.taskgovernor.reconcile;

import io.taskgovernor.testing.TestSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskgovernor.reconcile.OperatorStartException.Fault;
import io.taskgovernor.testing.CapturedLogs;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operator refused or unable to start, on the Fabric8 mock API server: each failure names the
 * setting or permission at fault and keeps JOSDK's cause chain, on one line. The 403/404 bodies are
 * the Status objects a kube-apiserver writes (shape of k8s.io/apimachinery's NewForbidden / NewNotFound).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorStartTest {
    KubernetesClient client;
    KubernetesMockServer server;

    private static OperatorSettings settings(Set<String> namespaces, String leaseNamespace) {
        return TestSettings.settings(namespaces, leaseNamespace, Duration.ofSeconds(3), "tg-1");
    }

    private static OperatorStartException start(KubernetesClient client, OperatorSettings settings) {
        GovernorOperator operator = new GovernorOperator(client, settings, new SimpleMeterRegistry(), c -> new FakeCluster(),
                Clock.systemUTC());
        try {
            return catchThrowableOfType(OperatorStartException.class, operator::start);
        } finally {
            operator.close();
        }
    }

    private static String forbidden(String resource, String group, String scope) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"" + resource
                + "." + group + " is forbidden: User \\\"system:serviceaccount:task-governor:task-governor\\\" cannot list resource \\\""
                + resource + "\\\" in API group \\\"" + group + "\\\" " + scope + "\",\"reason\":\"Forbidden\","
                + "\"details\":{\"group\":\"" + group + "\",\"kind\":\"" + resource + "\"},\"code\":403}";
    }

    @Test
    void aRulesReviewTheApiServerRejectsIsNamedAsLeaderElectionWithItsAnswer() {
        OperatorHarness.installCrd(client);
        // The CRUD mock answers JOSDK's SelfSubjectRulesReview with 422 (it has no authorizer).
        OperatorStartException failure = start(client, settings(Set.of(), "task-governor"));

        assertThat(failure.fault()).isEqualTo(Fault.START_FAILED);
        assertThat(failure.getMessage())
                .startsWith("leader election: the API server answered 422 to the review of the service account's permissions on "
                        + "Lease \"task-governor-leader\" in namespace \"task-governor\" (LEASE_NAME, POD_NAMESPACE or LEASE_NAMESPACE)"
                        + " (SelfSubjectRulesReview); cause: Error starting operator: "
                        + "selfsubjectrulesreviews.authorization.k8s.io: 422 Invalid: SelfSubjectRulesReview is invalid")
                .doesNotContain("\n", "https://", "Status(");
    }

    @Test
    void missingLeaseVerbsAreNamedWithTheLeaseAndTheRoleThatGrantsThem() {
        OperatorHarness.installCrd(client);
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus()
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "list", "watch").endResourceRule()
                        .withIncomplete(false).endStatus().build())
                .once();

        OperatorStartException failure = start(client, settings(Set.of(), "task-governor"));

        assertThat(failure.fault()).isEqualTo(Fault.PERMISSION_REFUSED);
        assertThat(failure.getMessage()).isEqualTo("leader election: the service account may not use Lease \"task-governor-leader\""
                + " in namespace \"task-governor\" (LEASE_NAME, POD_NAMESPACE or LEASE_NAMESPACE): it needs get, create and update"
                + " on leases.coordination.k8s.io there (Role in deploy/rbac.yaml); cause: Error starting operator:"
                + " No permission to lease resource. in namespace: task-governor; missing required verbs: [create, update]");
    }

    @Test
    void aRefusedWatchOfAllNamespacesNamesTheResourceTheScopeAndTheApiServersWords() {
        OperatorHarness.installCrd(client);
        server.expect().get().withPath("/apis/taskgovernor.io/v1alpha1/taskpolicies?resourceVersion=0")
                .andReturn(403, forbidden("taskpolicies", "taskgovernor.io", "at the cluster scope")).always();

        OperatorStartException failure = start(client, settings(Set.of(), null));

        assertThat(failure.fault()).isEqualTo(Fault.PERMISSION_REFUSED);
        assertThat(failure.getMessage())
                .startsWith("the service account may not list and watch taskpolicies.taskgovernor.io in all namespaces"
                        + " (WATCH_NAMESPACES is empty: that needs a ClusterRole) (see deploy/rbac.yaml); cause: Error starting operator: ")
                .endsWith("taskpolicies.taskgovernor.io: 403 Forbidden: taskpolicies.taskgovernor.io is forbidden: User"
                        + " \"system:serviceaccount:task-governor:task-governor\" cannot list resource \"taskpolicies\""
                        + " in API group \"taskgovernor.io\" at the cluster scope")
                .contains("Couldn't start informer for taskpolicies.taskgovernor.io/v1alpha1 resources")
                .doesNotContain("\n", "https://", "ExecutionException");
    }

    @Test
    void aRefusedWatchOfOneNamespaceNamesThatNamespace() {
        OperatorHarness.installCrd(client);
        server.expect().get().withPath("/apis/taskgovernor.io/v1alpha1/namespaces/search/taskpolicies?resourceVersion=0")
                .andReturn(403, forbidden("taskpolicies", "taskgovernor.io", "in the namespace \\\"search\\\"")).always();

        OperatorStartException failure = start(client, settings(Set.of("search"), null));

        assertThat(failure.fault()).isEqualTo(Fault.PERMISSION_REFUSED);
        assertThat(failure.getMessage()).startsWith(
                "the service account may not list and watch taskpolicies.taskgovernor.io in namespace \"search\" (see deploy/rbac.yaml)");
    }

    /** The API server's answer to a list of a resource whose CRD is not installed. */
    private void answerNotFound(String plural) {
        server.expect().get().withPath("/apis/taskgovernor.io/v1alpha1/" + plural + "?resourceVersion=0")
                .andReturn(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\","
                        + "\"details\":{},\"code\":404}").always();
    }

    @Test
    void aMissingCrdSaysToInstallIt() {
        answerNotFound("taskpolicies");

        OperatorStartException failure = start(client, settings(Set.of(), null));

        assertThat(failure.fault()).isEqualTo(Fault.START_FAILED);
        assertThat(failure.getMessage()).startsWith(
                "the CRD taskpolicies.taskgovernor.io is not installed (kubectl apply -f crds/); cause: Error starting operator: ");
    }

    /** An upgrade that applied the new operator but not the new CRD. */
    @Test
    void aMissingClusterTaskPolicyCrdSaysToInstallIt() {
        OperatorHarness.installCrd(client);
        answerNotFound("clustertaskpolicies");

        OperatorStartException failure = start(client, settings(Set.of(), null));

        assertThat(failure.fault()).isEqualTo(Fault.START_FAILED);
        assertThat(failure.getMessage()).startsWith(
                "the CRD clustertaskpolicies.taskgovernor.io is not installed (kubectl apply -f crds/); cause: Error starting operator: ");
    }

    @Test
    void anUnreachableApiServerIsNamedWithoutItsCredentials() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OperatorStartException failure;
        String logs;
        try (CapturedLogs captured = new CapturedLogs();
             KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                     .withMasterUrl("https://admin:kube-Pa55@127.0.0.1:" + closedPort)
                     .withOauthToken("token-never-printed")
                     .withRequestRetryBackoffLimit(0)
                     .build()).build()) {
            failure = start(unreachable, settings(Set.of(), null));
            logs = captured.all();
        }

        assertThat(failure.fault()).isEqualTo(Fault.KUBERNETES_UNREACHABLE);
        assertThat(failure.getMessage())
                .startsWith("cannot reach the Kubernetes API server at https://127.0.0.1:" + closedPort
                        + " (in a pod: KUBERNETES_SERVICE_HOST; outside: the kubeconfig); cause: Error starting operator: ")
                .contains("ConnectException")
                .doesNotContain("kube-Pa55", "token-never-printed", "admin");
        assertThat(logs).doesNotContain("kube-Pa55", "token-never-printed");
    }
}
