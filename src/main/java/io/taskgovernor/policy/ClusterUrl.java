package io.taskgovernor.policy;

import io.taskgovernor.api.SpecSyntax;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a cluster's base URL must be, for a policy's {@code spec.elasticsearch.url} and the CLI's
 * {@code --es} alike: http or https with a host, no user info (credentials travel apart), no query or
 * fragment (the governor sets its own request parameters). Messages never repeat the URL: it may
 * hold a password, and they end up in status and logs.
 */
public final class ClusterUrl {
    private ClusterUrl() {
    }

    /** @return every reason the text is not a usable cluster URL, as messages; empty when it is one */
    public static List<String> problems(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return List.of("is not a URL (e.g. " + SpecSyntax.URL_EXAMPLE + ")");
        }
        List<String> problems = new ArrayList<>();
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            problems.add("must start with http:// or https:// (e.g. " + SpecSyntax.URL_EXAMPLE + ")");
        } else if (uri.getHost() == null) {
            problems.add("has no host (e.g. " + SpecSyntax.URL_EXAMPLE + ")");
        }
        if (uri.getRawUserInfo() != null) {
            problems.add("must not contain credentials; use credentialsSecret (operator) or --username/--password-file (CLI)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add("must not have a query or fragment: the governor sets its own request parameters");
        }
        return problems;
    }
}
