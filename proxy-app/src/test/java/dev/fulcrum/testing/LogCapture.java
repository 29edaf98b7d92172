package dev.fulcrum.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The lines one logger writes while a test runs, as Logback formats their messages. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture(Class<?> source) {
        this(source.getName());
    }

    private LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** The access log's lines, which the proxy's access log writes to a logger named for it, not for a class. */
    public static LogCapture accessLog() {
        return new LogCapture("fulcrum.access");
    }

    /** Each line as level and message, e.g. {@code "INFO 127.0.0.1 GET / -> b1 200 1ms ..."}. */
    public List<String> messages() {
        List<ILoggingEvent> events;
        // Request threads append while a test reads: ListAppender appends holding its own lock.
        synchronized (appender) {
            events = List.copyOf(appender.list);
        }
        return events.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
