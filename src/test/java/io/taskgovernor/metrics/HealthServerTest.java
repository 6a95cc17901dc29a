package io.taskgovernor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class HealthServerTest {
    @Test
    void aPortInUseIsNamedWithWhatWouldHaveBeenServedThere() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            IOException failure = catchThrowableOfType(IOException.class,
                    () -> new HealthServer(port, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true).close());

            assertThat(failure).hasMessage("cannot listen on port " + port + " (all interfaces) for /metrics, /healthz and /readyz")
                    .hasCauseInstanceOf(BindException.class);
        }
    }
}
