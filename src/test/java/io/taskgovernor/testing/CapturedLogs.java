package io.taskgovernor.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line, at every level, with the production logback configuration otherwise
 * in force: the root logger goes to TRACE, loggers the configuration pins keep their pins.
 */
public final class CapturedLogs implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger governor = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.taskgovernor");
    private final Level rootLevel = root.getLevel();
    private final Level governorLevel = governor.getLevel();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            // The mock API server is test scaffolding, not the product: it logs what it stores, Secrets included.
            if (event.getLoggerName().startsWith("io.fabric8.kubernetes.client.server.mock")
                    || event.getLoggerName().startsWith("io.fabric8.mockwebserver")) {
                return;
            }
            String line = event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage();
            if (event.getThrowableProxy() != null) {
                line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
            }
            lines.add(line);
        }
    };

    public CapturedLogs() {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.TRACE);
        governor.setLevel(Level.TRACE);
    }

    public String all() {
        return String.join("\n", lines);
    }

    public int count() {
        return lines.size();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(rootLevel);
        governor.setLevel(governorLevel);
    }
}
