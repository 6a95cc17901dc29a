package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CauseChainTest {
    @Test
    void wrappersThatOnlyRepeatTheirCauseAreDroppedAndBareTypesAreNamed() {
        ConnectException refused = new ConnectException();
        refused.initCause(new java.nio.channels.ClosedChannelException());
        // JOSDK's `new OperatorException(e)` takes e.toString() as its message.
        ExecutionException execution = new ExecutionException(refused);
        Throwable failure = new OperatorException("Error starting operator", new OperatorException(execution));

        assertThat(CauseChain.of(failure)).isEqualTo("Error starting operator: ConnectException: ClosedChannelException");
    }

    @Test
    void anApiServerAnswerIsResourceCodeReasonAndItsMessageWithoutTheUrlOrStatusDump() {
        // The 422 the Fabric8 CRUD mock writes for a SelfSubjectRulesReview (seen in OperatorStartTest).
        // The resource name comes from the request (OperatorStartTest shows it); here only the answer is built.
        KubernetesClientException answer = new KubernetesClientException("Failure executing: POST at:"
                + " https://admin:kube-Pa55@10.0.0.1:6443/apis/authorization.k8s.io/v1/selfsubjectrulesreviews. Message: ...", 422,
                new StatusBuilder().withCode(422).withReason("Invalid").withMessage("SelfSubjectRulesReview is invalid")
                        .withNewDetails().addNewCause().withMessage("Required value: metadata is required").endCause().endDetails()
                        .build());

        assertThat(CauseChain.of(new OperatorException("Error starting operator", answer))).isEqualTo(
                "Error starting operator: 422 Invalid: SelfSubjectRulesReview is invalid (Required value: metadata is required)");
    }

    @Test
    void userInfoInAnyUrlIsMaskedAndNewlinesDoNotSplitTheLine() {
        IOException failure = new IOException("cannot fetch https://admin:kube-Pa55@10.0.0.1:6443/api\nretrying", null);

        assertThat(CauseChain.of(failure)).isEqualTo("cannot fetch https://***@10.0.0.1:6443/api retrying");
    }

    @Test
    void aCauseCycleEnds() {
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b);

        assertThat(CauseChain.of(a)).isEqualTo("a: b");
    }
}
