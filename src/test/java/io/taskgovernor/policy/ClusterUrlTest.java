package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterUrlTest {
    @Test
    void acceptsHttpAndHttpsWithAHostAndAPath() {
        assertThat(ClusterUrl.problems("https://logs-es-http:9200")).isEmpty();
        assertThat(ClusterUrl.problems("http://10.0.0.7:9200/es-behind-a-proxy")).isEmpty();
    }

    @Test
    void namesEveryProblemWithoutRepeatingTheUrl() {
        assertThat(ClusterUrl.problems("ftp://es:9200")).singleElement().asString().startsWith("must start with http://");
        assertThat(ClusterUrl.problems("https:///no-host")).singleElement().asString().startsWith("has no host");
        assertThat(ClusterUrl.problems("https://es:9200/a b")).singleElement().asString().startsWith("is not a URL");
        assertThat(ClusterUrl.problems("https://governor:s3cret@es:9200/?pretty#x"))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("must not contain credentials"))
                .anySatisfy(p -> assertThat(p).startsWith("must not have a query or fragment"))
                .allSatisfy(p -> assertThat(p).doesNotContain("s3cret"));
    }
}
