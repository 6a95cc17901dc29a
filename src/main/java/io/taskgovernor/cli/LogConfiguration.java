package io.taskgovernor.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The logging set-up of every command, the operator's included, found by Logback through
 * {@code META-INF/services} before it looks for a {@code logback.xml}: configured in code, because
 * Logback's XML configurator loads some 600 classes (an XML parser among them) that a cold CLI
 * command waits for (README, "Cold start").
 * <ul>
 *   <li>one appender, on stderr (stdout carries decisions: table or JSON lines), lines as
 *       {@code 2026-11-30T14:07:42.123Z INFO  [main] io.taskgovernor.Foo - message};</li>
 *   <li>the root level from {@code LOG_LEVEL} (default WARN), {@code io.taskgovernor} from
 *       {@code TASK_GOVERNOR_LOG_LEVEL} (default INFO), each a system property or else an environment
 *       variable; an unknown name means DEBUG, as Logback's {@link Level#toLevel(String)} reads it;</li>
 *   <li>the HTTP clients' loggers never below INFO, whatever {@code LOG_LEVEL} says: at DEBUG they log
 *       request headers, and with them the {@code Authorization} header (the password or API key).</li>
 * </ul>
 * With {@code -Dlogback.configurationFile=...} this steps aside and that file configures Logback.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level [%thread] %logger{36} - %msg%n";
    static final List<String> PINNED_AT_INFO = List.of("org.apache.http", "org.apache.http.wire",
            "org.apache.http.headers", "io.fabric8.kubernetes.client.http", "okhttp3");

    private final UnaryOperator<String> settings;

    /** For Logback's service loader: settings from system properties, then the environment. */
    public LogConfiguration() {
        this(name -> System.getProperty(name, System.getenv(name)));
    }

    LogConfiguration(UnaryOperator<String> settings) {
        this.settings = settings;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level("LOG_LEVEL", Level.WARN));
        root.addAppender(stderr);
        context.getLogger("io.taskgovernor").setLevel(level("TASK_GOVERNOR_LOG_LEVEL", Level.INFO));
        PINNED_AT_INFO.forEach(name -> context.getLogger(name).setLevel(Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private Level level(String setting, Level unset) {
        String value = settings.apply(setting);
        return value == null || value.isBlank() ? unset : Level.toLevel(value.trim());
    }
}
