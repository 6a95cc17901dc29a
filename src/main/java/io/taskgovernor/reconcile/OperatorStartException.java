package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.LeaderElectionManager;
import io.javaoperatorsdk.operator.OperatorException;
import io.taskgovernor.api.ClusterTaskPolicy;
import io.taskgovernor.api.TaskPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The operator could not start. The message is one line: what to fix (the setting or permission at
 * fault), then "; cause: " and the cause chain ({@link CauseChain}), e.g.
 * {@code the service account may not list and watch taskpolicies.taskgovernor.io in all namespaces
 * (WATCH_NAMESPACES is empty: that needs a ClusterRole, see deploy/rbac.yaml); cause: Error starting operator: ...: 403 Forbidden: ...}.
 * No token or password is part of it: URLs lose their user info.
 */
public final class OperatorStartException extends RuntimeException {
    /** What kind of fix the failure asks for; the `operator` command maps each to an exit code. */
    public enum Fault {
        /** No connection to the Kubernetes API server (refused, unknown host, timeout, TLS). */
        KUBERNETES_UNREACHABLE,
        /** The API server refused the credentials or a permission (401, 403, Lease verbs missing). */
        PERMISSION_REFUSED,
        /** Anything else: the CRD is missing, an answer the operator cannot use, an informer that never synced. */
        START_FAILED
    }

    private static final String TASK_POLICIES = HasMetadata.getFullResourceName(TaskPolicy.class);
    private static final String CLUSTER_TASK_POLICIES = HasMetadata.getFullResourceName(ClusterTaskPolicy.class);

    private final Fault fault;

    private OperatorStartException(Fault fault, String whatToFix, Throwable cause) {
        super(whatToFix + "; cause: " + CauseChain.of(cause), cause);
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }

    /**
     * Names what is at fault in a failed JOSDK start. JOSDK reports: a missing Lease verb as an
     * {@link OperatorException} with {@link LeaderElectionManager#NO_PERMISSION_TO_LEASE_RESOURCE_MESSAGE};
     * a refused SelfSubjectRulesReview or informer list as a {@link KubernetesClientException} with the
     * API server's code; a missing CRD as a 404 on the TaskPolicy list; no connection as
     * the HTTP client's {@link IOException}, all wrapped in "Error starting operator".
     *
     * @param apiServer the Kubernetes client's master URL; its user info is not shown
     */
    static OperatorStartException of(Throwable failure, OperatorSettings settings, URL apiServer) {
        String lease = "Lease \"" + settings.leaseName() + "\" in namespace \"" + settings.leaseNamespace() + "\" ("
                + OperatorSettings.LEASE_NAME + ", " + OperatorSettings.POD_NAMESPACE + " or " + OperatorSettings.LEASE_NAMESPACE + ")";
        boolean leaseRefused = CauseChain.links(failure).stream().anyMatch(e -> e instanceof OperatorException
                && e.getMessage() != null && e.getMessage().startsWith(LeaderElectionManager.NO_PERMISSION_TO_LEASE_RESOURCE_MESSAGE));
        if (leaseRefused) {
            return new OperatorStartException(Fault.PERMISSION_REFUSED, "leader election: the service account may not use "
                    + lease + ": it needs get, create and update on leases.coordination.k8s.io there (Role in deploy/rbac.yaml)",
                    failure);
        }
        Optional<KubernetesClientException> answer = CauseChain.find(failure, KubernetesClientException.class)
                .filter(e -> e.getCode() > 0);
        if (answer.isPresent()) {
            return answered(answer.get(), failure, settings, lease);
        }
        if (CauseChain.links(failure).stream().anyMatch(OperatorStartException::isConnectionFailure)) {
            return new OperatorStartException(Fault.KUBERNETES_UNREACHABLE, "cannot reach the Kubernetes API server at "
                    + withoutUserInfo(apiServer) + " (in a pod: KUBERNETES_SERVICE_HOST; outside: the kubeconfig)", failure);
        }
        return new OperatorStartException(Fault.START_FAILED, "the operator could not start", failure);
    }

    private static OperatorStartException answered(KubernetesClientException answer, Throwable failure,
                                                   OperatorSettings settings, String lease) {
        int code = answer.getCode();
        String resource = answer.getFullResourceName();
        if ("selfsubjectrulesreviews.authorization.k8s.io".equals(resource)) {
            // JOSDK reviews the Lease permissions before it campaigns; a real API server lets every
            // authenticated user do this (system:basic-user), so a refusal here is rarely about the Lease itself.
            return new OperatorStartException(code == 401 || code == 403 ? Fault.PERMISSION_REFUSED : Fault.START_FAILED,
                    "leader election: the API server answered " + code + " to the review of the service account's"
                            + " permissions on " + lease + " (SelfSubjectRulesReview)", failure);
        }
        if (code == 404 && (TASK_POLICIES.equals(resource) || CLUSTER_TASK_POLICIES.equals(resource))) {
            // JOSDK maps this 404 to MissingCRDException only when the informer's own exception reaches it
            // unwrapped; at start-up it arrives wrapped, so it is recognised here.
            return new OperatorStartException(Fault.START_FAILED, "the CRD " + resource
                    + " is not installed (kubectl apply -f crds/)", failure);
        }
        if (code == 401) {
            return new OperatorStartException(Fault.PERMISSION_REFUSED,
                    "the Kubernetes API server refused the operator's credentials (401: the service account token)", failure);
        }
        if (code == 403) {
            String scope = answer.getNamespace() != null ? "namespace \"" + answer.getNamespace() + "\""
                    : settings.namespaces().isEmpty()
                    ? "all namespaces (" + OperatorSettings.WATCH_NAMESPACES + " is empty: that needs a ClusterRole)"
                    : "namespaces " + settings.namespaces() + " (" + OperatorSettings.WATCH_NAMESPACES + ")";
            return new OperatorStartException(Fault.PERMISSION_REFUSED, "the service account may not list and watch "
                    + resource + " in " + scope + " (see deploy/rbac.yaml)", failure);
        }
        return new OperatorStartException(Fault.START_FAILED, "the Kubernetes API server answered " + code
                + (resource == null ? "" : " for " + resource), failure);
    }

    private static boolean isConnectionFailure(Throwable link) {
        return link instanceof ConnectException || link instanceof UnknownHostException
                || link instanceof NoRouteToHostException || link instanceof SocketTimeoutException
                || link instanceof SSLException;
    }

    private static String withoutUserInfo(URL url) {
        if (url == null) {
            return "(unknown)";
        }
        return url.getProtocol() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
