package io.taskgovernor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.taskgovernor.testing.OperatorHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The `operator` command unable to start: one line on stderr naming what to fix, and the exit code
 * the README documents. The API server is the Fabric8 mock; the 403 body is the Status a
 * kube-apiserver writes for a forbidden list (k8s.io/apimachinery NewForbidden).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorCommandTest {
    KubernetesClient client;
    KubernetesMockServer server;

    private record Outcome(int exitCode, String stderr) {}

    private static Outcome operator(Map<String, String> env, Supplier<KubernetesClient> kubernetes) {
        OperatorCommand command = new OperatorCommand();
        command.env = env;
        command.kubernetes = kubernetes;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exitCode = new CommandLine(command).execute();
        return new Outcome(exitCode, err.toString(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void aBadSettingIsNamedAndExitsWith2BeforeAnythingStarts() {
        Outcome outcome = operator(env("HEALTH_PORT", "abc", "POD_NAMESPACE", "task-governor"), () -> {
            throw new AssertionError("no Kubernetes client is built for invalid settings");
        });

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).isEqualTo("error: invalid settings: HEALTH_PORT=\"abc\": not a port number (1-65535)"
                + System.lineSeparator());
    }

    @Test
    void aHealthPortInUseIsNamedWithItsVariableAndExitsWith5() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            Outcome outcome = operator(env("HEALTH_PORT", String.valueOf(port), "LEADER_ELECTION", "false"), () -> client);

            assertThat(outcome.exitCode()).isEqualTo(5);
            assertThat(outcome.stderr()).isEqualTo("error: HEALTH_PORT=" + port + ": cannot listen on port " + port
                    + " (all interfaces) for /metrics, /healthz and /readyz: Address already in use" + System.lineSeparator());
        }
    }

    @Test
    void refusedLeaderElectionNamesTheLeaseAndTheAnswerOnOneLineAndFreesTheHealthPort() throws Exception {
        OperatorHarness.installCrd(client);
        int port = freePort();

        // The CRUD mock answers JOSDK's SelfSubjectRulesReview with 422.
        Outcome outcome = operator(env("HEALTH_PORT", String.valueOf(port), "POD_NAMESPACE", "task-governor",
                "POD_NAME", "task-governor-0"), () -> client);

        assertThat(outcome.exitCode()).isEqualTo(5);
        assertThat(outcome.stderr()).startsWith("error: leader election: the API server answered 422 to the review of the"
                        + " service account's permissions on Lease \"task-governor-leader\" in namespace \"task-governor\"")
                .contains("; cause: Error starting operator: selfsubjectrulesreviews.authorization.k8s.io: 422 Invalid")
                .hasLineCount(1);
        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).as("the health server let its port go").isEqualTo(port);
        }
    }

    @Test
    void aRefusedWatchExitsWith4() throws Exception {
        OperatorHarness.installCrd(client);
        server.expect().get().withPath("/apis/taskgovernor.io/v1alpha1/namespaces/search/taskpolicies?resourceVersion=0")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"taskpolicies.taskgovernor.io is forbidden: User \\\"system:serviceaccount:task-governor:task-governor\\\""
                        + " cannot list resource \\\"taskpolicies\\\" in API group \\\"taskgovernor.io\\\" in the namespace \\\"search\\\"\","
                        + "\"reason\":\"Forbidden\",\"details\":{\"group\":\"taskgovernor.io\",\"kind\":\"taskpolicies\"},\"code\":403}")
                .always();

        Outcome outcome = operator(env("HEALTH_PORT", String.valueOf(freePort()), "LEADER_ELECTION", "false",
                "WATCH_NAMESPACES", "search"), () -> client);

        assertThat(outcome.exitCode()).isEqualTo(4);
        assertThat(outcome.stderr()).startsWith("error: the service account may not list and watch taskpolicies.taskgovernor.io"
                        + " in namespace \"search\" (see deploy/rbac.yaml); cause: ")
                .endsWith("cannot list resource \"taskpolicies\" in API group \"taskgovernor.io\" in the namespace \"search\""
                        + System.lineSeparator())
                .hasLineCount(1);
    }

    @Test
    void anUnreachableApiServerExitsWith3WithoutPrintingItsCredentials() throws Exception {
        int closed = freePort();

        Outcome outcome = operator(env("HEALTH_PORT", String.valueOf(freePort()), "LEADER_ELECTION", "false"),
                () -> new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                        .withMasterUrl("https://admin:kube-Pa55@127.0.0.1:" + closed)
                        .withOauthToken("token-never-printed")
                        .withRequestRetryBackoffLimit(0).build()).build());

        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.stderr()).startsWith("error: cannot reach the Kubernetes API server at https://127.0.0.1:" + closed)
                .doesNotContain("kube-Pa55", "token-never-printed")
                .hasLineCount(1);
    }
}
