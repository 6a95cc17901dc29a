package io.taskgovernor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionOptionsTest {
    private final ConnectionOptions options = new ConnectionOptions();

    ConnectionOptionsTest() {
        options.environment = Map.of();
    }

    @Test
    void esIsCheckedAsAPolicyUrlIsAndTheMessageNeverRepeatsIt() {
        options.url = URI.create("https://governor:s3cret@es:9200");

        assertThatThrownBy(() -> options.connectionTo(null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--es: the URL must not contain credentials")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void esOverridesThePolicyUrl() {
        options.url = URI.create("http://other:9200");

        assertThat(options.connectionTo(URI.create("https://es:9200"), null).url()).isEqualTo(URI.create("http://other:9200"));
    }
}
