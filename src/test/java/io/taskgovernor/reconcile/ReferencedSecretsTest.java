package io.taskgovernor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.taskgovernor.reconcile.ReferencedSecrets.SecretId;
import java.time.Duration;
import io.taskgovernor.policy.PolicyKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which Secrets are watched and cached, as policies start and stop naming them (mock API server). */
@EnableKubernetesMockClient(crud = true, https = false)
class ReferencedSecretsTest {
    private static final String NS = "search";
    static KubernetesClient client;

    private final List<PolicyKey> woken = new CopyOnWriteArrayList<>();
    private final ReferencedSecrets secrets = new ReferencedSecrets(client, woken::add);

    @AfterEach
    void close() {
        secrets.close();
        client.secrets().inAnyNamespace().delete();
    }

    @Test
    void aSecretIsWatchedWhileSomePolicyNamesItAndNoLonger() {
        SecretId creds = new SecretId(NS, "creds");
        SecretId ca = new SecretId(NS, "ca");
        secrets.use(new PolicyKey("search", "a"), Set.of(creds, ca));
        secrets.use(new PolicyKey("search", "b"), Set.of(creds));
        assertThat(secrets.watched()).containsExactlyInAnyOrder(creds, ca);

        secrets.use(new PolicyKey("search", "a"), Set.of(creds)); // a drops its CA
        assertThat(secrets.watched()).containsExactly(creds);
        secrets.release(new PolicyKey("search", "a"));
        assertThat(secrets.watched()).as("b still names it").containsExactly(creds);
        secrets.release(new PolicyKey("search", "b"));
        assertThat(secrets.watched()).isEmpty();
        assertThat(secrets.find(NS, "creds")).isEmpty();
    }

    @Test
    void onlyThePoliciesNamingASecretAreWokenByItsChanges() {
        secrets.use(new PolicyKey("search", "a"), Set.of(new SecretId(NS, "creds")));
        secrets.use(new PolicyKey("search", "b"), Set.of(new SecretId(NS, "other")));
        assertThat(secrets.find(NS, "creds")).isEmpty();

        client.resource(new SecretBuilder().withNewMetadata().withName("creds").withNamespace(NS).endMetadata()
                .withStringData(Map.of("apiKey", "k1")).build()).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> secrets.find(NS, "creds").isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> woken.contains(new PolicyKey("search", "a")));
        assertThat(secrets.find(NS, "creds").orElseThrow().getStringData()).containsEntry("apiKey", "k1");

        client.secrets().inNamespace(NS).withName("creds").edit(s -> {
            s.setStringData(Map.of("apiKey", "k2"));
            return s;
        });
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "k2".equals(secrets.find(NS, "creds").orElseThrow().getStringData().get("apiKey")));
        await().atMost(Duration.ofSeconds(10)).until(() -> woken.stream().filter(new PolicyKey("search", "a")::equals).count() == 2);
        assertThat(woken).doesNotContain(new PolicyKey("search", "b"));
    }

    @Test
    void aSecretPresentWhenFirstNamedIsReadableAtOnceWithoutWakingAnyone() {
        client.resource(new SecretBuilder().withNewMetadata().withName("creds").withNamespace(NS).endMetadata()
                .withStringData(Map.of("apiKey", "k1")).build()).create();
        secrets.use(new PolicyKey("search", "a"), Set.of(new SecretId(NS, "creds")));
        // use() returns once the watch has its first answer: the reconcile that named it reads it now.
        assertThat(secrets.find(NS, "creds")).isPresent();
        assertThat(woken).as("the reconcile that named it is the one reading it").isEmpty();
    }
}
