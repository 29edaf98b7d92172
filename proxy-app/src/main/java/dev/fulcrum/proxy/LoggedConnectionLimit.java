package dev.fulcrum.proxy;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's connection limit, which stops accepting at {@code --max-connections} so that further clients wait in the
 * kernel's accept backlog, plus a log line each time it starts and stops holding clients back: those clients get no
 * status, so the log is the only place an operator sees the limit at work.
 */
final class LoggedConnectionLimit extends NetworkConnectionLimit {

    private static final Logger log = LoggerFactory.getLogger(LoggedConnectionLimit.class);

    LoggedConnectionLimit(int maxConnections, Connector connector) {
        super(maxConnections, connector);
    }

    @Override
    protected void limit() {
        super.limit();
        log.warn("{} client connections open, the --max-connections limit: new clients wait to be accepted",
                getMaxNetworkConnectionCount());
    }

    @Override
    protected void unlimit() {
        super.unlimit();
        log.info("below the --max-connections limit again: accepting new clients");
    }
}
