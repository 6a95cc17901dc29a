package io.taskgovernor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogConfigurationTest {
    private static LoggerContext configured(Map<String, String> settings) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what Logback's service provider gives the JVM's context
        ExecutionStatus status = new LogConfiguration(settings::get).configure(context);
        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return context;
    }

    @Test
    void defaultsAreWarnForTheRootAndInfoForTheGovernor() {
        LoggerContext context = configured(Map.of());
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.taskgovernor.cli.RunCommand").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.javaoperatorsdk").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void levelsComeFromTheirSettings() {
        LoggerContext context = configured(Map.of("LOG_LEVEL", "info", "TASK_GOVERNOR_LOG_LEVEL", " DEBUG "));
        assertThat(context.getLogger("io.javaoperatorsdk").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.taskgovernor.enforce.ClusterPoller").getEffectiveLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void httpClientLoggersStayAtInfoWhenEverythingElseIsAtTrace() {
        // At DEBUG these print request headers, the Authorization header among them.
        LoggerContext context = configured(Map.of("LOG_LEVEL", "TRACE", "TASK_GOVERNOR_LOG_LEVEL", "TRACE"));
        for (String name : new String[] {"org.apache.http.headers", "org.apache.http.wire",
                "org.apache.http.impl.nio.client.MainClientExec", "io.fabric8.kubernetes.client.http.HttpLoggingInterceptor",
                "okhttp3.logging"}) {
            assertThat(context.getLogger(name).getEffectiveLevel()).as(name).isEqualTo(Level.INFO);
            assertThat(context.getLogger(name).isDebugEnabled()).as(name).isFalse();
        }
        assertThat(context.getLogger("io.javaoperatorsdk").getEffectiveLevel()).isEqualTo(Level.TRACE);
    }

    @Test
    void linesGoToStderrInTheDocumentedShape() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LoggerContext context = configured(Map.of());
            context.getLogger("io.taskgovernor.cli.Example").warn("cluster {} unreachable", "http://es:9200");
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d(\\d\\d)?) WARN  \\[[^\\]]+\\] "
                        + "io\\.taskgovernor\\.cli\\.Example - cluster http://es:9200 unreachable\\R");
    }

    @Test
    void logbackUsesItInThisJvm() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
        assertThat(context.getLogger("org.apache.http.headers").getLevel()).isEqualTo(Level.INFO);
    }
}
