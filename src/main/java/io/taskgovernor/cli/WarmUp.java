package io.taskgovernor.cli;

import io.taskgovernor.elasticsearch.ElasticsearchTasksApi;
import io.taskgovernor.policy.PolicyManifestParser;
import org.slf4j.LoggerFactory;

/**
 * The one-time, JVM-wide set-up of a cold command that does not depend on its arguments, started on
 * a second thread so that it overlaps the main thread's reading of the policy files: the manifest
 * deserializers, the client's TLS and HTTP defaults, the logging configuration. Each step is a lazy
 * default that the main thread would otherwise build itself when it first needs it; if it gets there
 * first, it builds it and this thread finds it done (README, "Cold start").
 */
final class WarmUp {
    private WarmUp() {}

    /** Starts the set-up on a daemon thread (it never keeps the JVM alive) and returns at once. */
    static void start() {
        Thread thread = new Thread(WarmUp::run, "warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        try {
            PolicyManifestParser.prepare();
            ElasticsearchTasksApi.prepare();
            LoggerFactory.getILoggerFactory();
        } catch (RuntimeException | LinkageError e) {
            // Only ahead-of-time work: the main thread meets the same failure where it has a message for it.
        }
    }
}
