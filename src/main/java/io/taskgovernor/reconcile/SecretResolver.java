package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.elasticsearch.TrustedCertificates;
import io.taskgovernor.policy.ClusterTarget;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a policy's cluster reference into a connection by reading its Secrets: the credentials from the
 * policy's namespace, the CA from there too or, for an {@code elasticsearchRef}, from the referenced
 * namespace ({@link ClusterTarget#caSecretNamespace}). Messages name Secrets and keys, never their values.
 */
public final class SecretResolver {
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String API_KEY = "apiKey";

    /**
     * Where Secrets are read from: in the operator, {@link ReferencedSecrets}, the cache of a watch on each
     * Secret a policy names, so a reconcile costs no API call. Empty when the Secret does not exist.
     */
    @FunctionalInterface
    public interface SecretLookup {
        Optional<Secret> find(String namespace, String name);
    }

    private final SecretLookup lookup;

    public SecretResolver(SecretLookup lookup) {
        this.lookup = lookup;
    }

    public ClusterConnection resolve(String namespace, ClusterTarget target) throws SecretProblemException {
        ClusterCredentials credentials = ClusterCredentials.NONE;
        if (target.credentialsSecret() != null) {
            Map<String, String> data = read(namespace, target.credentialsSecret());
            String apiKey = data.get(API_KEY);
            String username = data.get(USERNAME);
            String password = data.get(PASSWORD);
            if (apiKey != null && !apiKey.isBlank()) {
                credentials = new ClusterCredentials.ApiKey(apiKey.strip());
            } else if (username != null && password != null) {
                credentials = new ClusterCredentials.Basic(username.strip(), password.stripTrailing());
            } else {
                throw new SecretProblemException("Secret " + namespace + "/" + target.credentialsSecret()
                        + " needs the keys username and password, or apiKey; it has " + data.keySet());
            }
        }
        String caPem = null;
        if (target.caSecretName() != null) {
            String caNamespace = target.caSecretNamespace(namespace);
            Map<String, String> data = read(caNamespace, target.caSecretName());
            caPem = data.get(target.caSecretKey());
            if (caPem == null || caPem.isBlank()) {
                throw new SecretProblemException("Secret " + caNamespace + "/" + target.caSecretName()
                        + " has no key " + target.caSecretKey() + " (keys: " + data.keySet() + ")");
            }
            if (!caPem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new SecretProblemException("Secret " + caNamespace + "/" + target.caSecretName() + " key "
                        + target.caSecretKey() + " is not a PEM certificate");
            }
            // Neither the parser's words nor the text go into the message: they could quote the Secret.
            if (!TrustedCertificates.usable(caPem)) {
                throw new SecretProblemException("Secret " + caNamespace + "/" + target.caSecretName() + " key "
                        + target.caSecretKey() + " holds a PEM certificate that does not parse (truncated or corrupted?)");
            }
        }
        return new ClusterConnection(target.url(), credentials, caPem, target.requestTimeout());
    }

    private Map<String, String> read(String namespace, String name) throws SecretProblemException {
        Secret secret = lookup.find(namespace, name).orElseThrow(() ->
                new SecretProblemException("Secret " + namespace + "/" + name + " not found"));
        Map<String, String> values = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }
}
