package dev.fulcrum.proxy.connection;

import dev.fulcrum.logging.LogThrottle;
import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's connection limit, which stops accepting at {@code --max-connections} so that further clients wait in the
 * kernel's accept backlog, plus a log line when it starts and stops holding clients back (at most one of each per 10 s):
 * those clients get no status, so the log is the only place an operator sees the limit at work.
 */
public final class LoggedConnectionLimit extends NetworkConnectionLimit {

    private static final Logger log = LoggerFactory.getLogger(LoggedConnectionLimit.class);

    /** Clients coming and going at the limit switch it on and off at connection rate; the log hears of it rarely. */
    private final LogThrottle limitLog;
    private final LogThrottle unlimitLog;
    private final AtomicLong reached = new AtomicLong();

    /** @param connectors the ports whose connections count together towards the limit */
    public LoggedConnectionLimit(int maxConnections, TimeSource time, Connector... connectors) {
        super(maxConnections, connectors);
        limitLog = new LogThrottle(Duration.ofSeconds(10), time);
        unlimitLog = new LogThrottle(Duration.ofSeconds(10), time);
    }

    @Override
    protected void limit() {
        super.limit();
        reached.incrementAndGet();
        long heldBack = limitLog.tryLog();
        if (heldBack >= 0) {
            log.warn("{} client connections open, the --max-connections limit: new clients wait to be accepted{}",
                    getMaxNetworkConnectionCount(), heldBack == 0 ? "" : " (reached " + heldBack + " more times)");
        }
    }

    /** Times the limit was reached since start, each time leaving new clients waiting in the accept backlog. */
    public long timesReached() {
        return reached.get();
    }

    @Override
    protected void unlimit() {
        super.unlimit();
        if (unlimitLog.tryLog() >= 0) {
            log.info("below the --max-connections limit again: accepting new clients");
        }
    }
}
