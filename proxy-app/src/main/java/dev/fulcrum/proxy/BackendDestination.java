package dev.fulcrum.proxy;

import dev.fulcrum.logging.LogThrottle;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.io.ClientConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend's connection pool and request queue, where a new connection that cannot be opened fails no queued
 * request while other connections to the backend work.
 *
 * <p>Jetty fails every request queued for a destination when one new connection to it fails: right when nothing
 * reaches the backend, wrong when one connect of many ran late. Thousands of HTTP/2 streams in flight queue hundreds
 * of requests per backend while the pool opens connections for them; on a busy core one connect that timed out
 * turned every queued request into a 502 and a passive-health strike, and the backend was ejected though it answered
 * everything it was sent. With connections open, the queued requests are served by those as they free up (and the
 * pool tries again for more); with none, they fail as before and are retried elsewhere.
 */
final class BackendDestination extends HttpDestination {

    private static final Logger log = LoggerFactory.getLogger(BackendDestination.class);

    private final LogThrottle throttle;

    private BackendDestination(HttpClient client, Origin origin, LogThrottle throttle) {
        super(client, origin);
        this.throttle = throttle;
    }

    /**
     * Jetty's transport for HTTP/1.1 and upgrades to backends, making destinations of this kind, each with a
     * {@link BackendConnectionPool}.
     */
    static HttpClientTransportDynamic transport(ClientConnector connector, LogThrottle throttle) {
        HttpClientTransportDynamic transport = new HttpClientTransportDynamic(connector) {
            @Override
            public Destination newDestination(Origin origin) {
                return new BackendDestination(getHttpClient(), origin, throttle);
            }
        };
        transport.setConnectionPoolFactory(destination -> new BackendConnectionPool(destination,
                destination.getHttpClient().getMaxConnectionsPerDestination()));
        return transport;
    }

    /** A new connection could not be opened. */
    @Override
    public void failed(Throwable failure) {
        int open = openConnections();
        if (open == 0) {
            super.failed(failure);
            return;
        }
        long held = throttle.tryLog();
        if (held >= 0) {
            log.warn("backend {}:{}: a new connection failed ({}) while {} others are open; the {} requests queued "
                    + "for it wait for those{}", getHost(), getPort(), failure.toString(), open,
                    getQueuedRequestCount(), LogThrottle.heldBack(held, "failed connects"));
        }
    }

    private int openConnections() {
        return getConnectionPool() instanceof AbstractConnectionPool pool
                ? pool.getActiveConnectionCount() + pool.getIdleConnectionCount()
                : 0;
    }
}
