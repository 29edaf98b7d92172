package dev.fulcrum.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a command running until Ctrl-C or SIGTERM, then stops what it started and exits 0.
 *
 * <p>The JVM reports a signal-triggered exit as 128+signal; a balancer that drained cleanly should report success,
 * so the shutdown hook halts with 0 once everything is closed.
 */
final class Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private Lifecycle() {
    }

    static void runUntilStopped(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int status = 0;
            try {
                log.info("stopping: finishing in-flight requests");
                running.close();
                log.info("stopped");
            } catch (Exception e) {
                log.error("stop failed", e);
                status = 1;
            } finally {
                stopped.countDown();
                stopLogging();
            }
            Runtime.getRuntime().halt(status);
        }, "fulcrum-shutdown"));
        stopped.await();
    }

    private static void stopLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }
}
