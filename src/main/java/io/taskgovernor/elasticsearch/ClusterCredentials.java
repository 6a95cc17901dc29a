package io.taskgovernor.elasticsearch;

/** How the governor authenticates to a cluster. Secret values never appear in toString(). */
public sealed interface ClusterCredentials {
    ClusterCredentials NONE = new None();

    /** Value of the Authorization header, or null. */
    String authorizationHeader();

    record None() implements ClusterCredentials {
        @Override
        public String authorizationHeader() {
            return null;
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    record Basic(String username, String password) implements ClusterCredentials {
        @Override
        public String authorizationHeader() {
            String pair = username + ":" + password;
            return "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "basic(" + username + ")";
        }
    }

    /** @param encoded the base64 "id:key" form Elasticsearch hands out as "encoded" */
    record ApiKey(String encoded) implements ClusterCredentials {
        @Override
        public String authorizationHeader() {
            return "ApiKey " + encoded;
        }

        @Override
        public String toString() {
            return "apiKey";
        }
    }
}
