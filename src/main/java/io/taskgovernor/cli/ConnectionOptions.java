package io.taskgovernor.cli;

import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterCredentials;
import io.taskgovernor.policy.ClusterUrl;
import io.taskgovernor.policy.PolicyCompiler;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How the CLI reaches a cluster. Secrets come from files or the environment, never from flags,
 * so they stay out of shell history and process listings.
 */
final class ConnectionOptions {

    @Option(names = "--es", paramLabel = "URL", description = "Cluster URL; overrides the policies' spec.elasticsearch.url.")
    URI url;

    @Option(names = "--username", paramLabel = "NAME", description = "Basic-auth user (or env ES_USERNAME).")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the password (or env ES_PASSWORD).")
    Path passwordFile;

    @Option(names = "--api-key-file", paramLabel = "FILE", description = "File holding an encoded API key (or env ES_API_KEY).")
    Path apiKeyFile;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM file of the CA to trust for https.")
    Path caFile;

    Map<String, String> environment = System.getenv();

    ClusterConnection connectionTo(URI policyUrl, Duration requestTimeout) {
        URI target = url != null ? url : policyUrl;
        if (target == null) {
            throw new InvalidInputException("no cluster given: pass --es URL");
        }
        List<String> problems = ClusterUrl.problems(target.toString());
        if (!problems.isEmpty()) {
            throw new InvalidInputException("--es: the URL " + String.join("; ", problems));
        }
        return new ClusterConnection(target, credentials(), caPem(),
                requestTimeout == null ? PolicyCompiler.DEFAULT_REQUEST_TIMEOUT : requestTimeout);
    }

    /**
     * The cluster an audit data stream is on when it is not the governed one: its own URL (--es
     * replaces only governed clusters' URLs), with the same credentials and CA as the governed ones.
     */
    ClusterConnection auditConnectionTo(URI auditUrl, Duration requestTimeout) {
        return new ClusterConnection(auditUrl, credentials(), caPem(),
                requestTimeout == null ? PolicyCompiler.DEFAULT_REQUEST_TIMEOUT : requestTimeout);
    }

    private ClusterCredentials credentials() {
        String apiKey = apiKeyFile != null ? read(apiKeyFile, "--api-key-file") : environment.get("ES_API_KEY");
        String user = username != null ? username : environment.get("ES_USERNAME");
        if (apiKey != null && !apiKey.isBlank()) {
            if (user != null) {
                throw new InvalidInputException("give either an API key or a username and password, not both");
            }
            return new ClusterCredentials.ApiKey(apiKey.strip());
        }
        if (user == null) {
            if (passwordFile != null) {
                throw new InvalidInputException("--password-file needs --username (or env ES_USERNAME)");
            }
            return ClusterCredentials.NONE;
        }
        String password = passwordFile != null ? read(passwordFile, "--password-file") : environment.get("ES_PASSWORD");
        if (password == null) {
            throw new InvalidInputException("a username needs a password: --password-file FILE or env ES_PASSWORD");
        }
        // A trailing newline is how most editors and `echo` write a one-line file; it is never part of the secret.
        return new ClusterCredentials.Basic(user, password.stripTrailing());
    }

    private String caPem() {
        return caFile == null ? null : read(caFile, "--ca-file");
    }

    private static String read(Path file, String flag) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(flag + " " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
