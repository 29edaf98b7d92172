package dev.fulcrum.proxy;

import dev.fulcrum.proxy.connection.ClientLimits;
import dev.fulcrum.proxy.connection.HeadTimeoutConnectionFactory;
import dev.fulcrum.proxy.connection.HeadTimeoutSweeper;
import dev.fulcrum.proxy.connection.LoggedConnectionLimit;
import dev.fulcrum.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.SecuredRedirectHandler;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The proxy's client-facing ports, as {@link ListenerSettings} asks: the plain port and the TLS port, each a Jetty
 * {@link ServerConnector} with the {@link ClientLimits} (idle timeout, accept backlog, header timeout), and one
 * connection limit over both. Each port's protocols are made in one place, {@link #plainProtocols} and
 * {@link #tlsProtocols}: HTTP/1.1, and unless {@code --no-http2} HTTP/2 beside it (h2c on the plain port, h2 through
 * ALPN on the TLS port), whose stream-level limits come from the same {@link ClientLimits} ({@link #http2}).
 */
final class ProxyListeners {

    /** Pending connections the kernel keeps for each port, as nginx's default backlog. */
    static final int ACCEPT_BACKLOG = 511;

    /** Requests one HTTP/2 connection may have open at once, nginx's default; a client past it has a stream refused. */
    static final int MAX_CONCURRENT_STREAMS = 128;

    /** HTTP/1.1's protocol id in ALPN. */
    private static final String ALPN_HTTP_1_1 = "http/1.1";

    private final ListenerSettings settings;
    private final ServerConnector plain;
    private final ServerConnector tls;
    private final LoggedConnectionLimit connectionLimit;

    /** @param http the HTTP/1.1 configuration both ports share; the TLS port uses a copy marking requests secure */
    ProxyListeners(Server server, ListenerSettings settings, HttpConfiguration http, ClientLimits limits,
                   TimeSource time) {
        this.settings = settings;
        List<ServerConnector> connectors = new ArrayList<>();
        if (settings.tlsPort() != ListenerSettings.NONE) {
            HttpConfiguration https = new HttpConfiguration(http);
            // The certificate need not name the Host a client asks for, as with HAProxy and nginx: a balancer is
            // reached under names and addresses its certificate does not list (health checks, 127.0.0.1).
            https.addCustomizer(new SecureRequestCustomizer(false));
            tls = connector(server, settings.tlsPort(), limits,
                    tlsProtocols(settings.tls(), https, limits, settings.http2(), time));
            connectors.add(tls);
        } else {
            tls = null;
        }
        if (settings.port() != ListenerSettings.NONE) {
            HttpConfiguration plainHttp = http;
            if (settings.redirectHttps()) {
                plainHttp = new HttpConfiguration(http);
                plainHttp.setSecureScheme(HttpScheme.HTTPS.asString());
                // The port the TLS connector is bound to, known only once it is: set by the bean added below.
                server.addBean(new SecurePort(tls, plainHttp));
            }
            plain = connector(server, settings.port(), limits,
                    plainProtocols(plainHttp, limits, settings.http2(), time));
            connectors.add(0, plain);
        } else {
            plain = null;
        }
        for (ServerConnector connector : connectors) {
            server.addConnector(connector);
            server.addBean(new HeadTimeoutSweeper(connector, limits.headerTimeout(), time));
        }
        // Past the limit the connectors stop accepting, so further clients wait in the kernel's accept backlog
        // instead of each costing a buffer and a slot in the selector.
        connectionLimit = new LoggedConnectionLimit(limits.maxConnections(), time,
                connectors.toArray(ServerConnector[]::new));
        server.addBean(connectionLimit);
    }

    /**
     * HTTP/1.1, timing each request head for the header timeout's sweeper, and h2c, which a client starts either with
     * the connection preface (prior knowledge, RFC 9113 3.3), which the HTTP/1.1 connection recognises and hands
     * over, or with {@code Upgrade: h2c} on a request without a body ({@link H2cUpgrade}).
     */
    private static ConnectionFactory[] plainProtocols(HttpConfiguration http, ClientLimits limits, boolean http2,
                                                      TimeSource time) {
        HeadTimeoutConnectionFactory http1 = new HeadTimeoutConnectionFactory(http, limits.maxBodySize(), time);
        if (!http2) {
            return new ConnectionFactory[] {http1};
        }
        return new ConnectionFactory[] {http1, http2(new H2cUpgrade(http), limits)};
    }

    /**
     * TLS, then h2 or HTTP/1.1 as the client's ALPN offer allows (h2 preferred); a client that offers no ALPN speaks
     * HTTP/1.1. Without HTTP/2 there is no ALPN at all, as before it.
     */
    private static ConnectionFactory[] tlsProtocols(SslContextFactory.Server tls, HttpConfiguration https,
                                                    ClientLimits limits, boolean http2, TimeSource time) {
        HeadTimeoutConnectionFactory http1 = new HeadTimeoutConnectionFactory(https, limits.maxBodySize(), time);
        if (!http2) {
            return new ConnectionFactory[] {new SslConnectionFactory(tls, http1.getProtocol()), http1};
        }
        HTTP2ServerConnectionFactory h2 = http2(new HTTP2ServerConnectionFactory(https), limits);
        // ALPN names HTTP/1.1 "http/1.1" (RFC 7301 6) and matches names exactly, where Jetty's factory is "HTTP/1.1":
        // offered that name, a client that offers only http/1.1 (curl --http1.1, most HTTP/1.1 libraries) would have
        // its handshake cut. The connector finds a factory by name whatever its case.
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), ALPN_HTTP_1_1);
        alpn.setDefaultProtocol(http1.getProtocol());
        return new ConnectionFactory[] {new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, http1};
    }

    /**
     * HTTP/2's stream-level limits, from the limits HTTP/1.1 has: the largest header list (the
     * {@code SETTINGS_MAX_HEADER_LIST_SIZE} Jetty advertises and enforces) is {@code --max-header-size}, taken from
     * the shared {@link HttpConfiguration}; a stream may be silent as long as a connection may
     * ({@code --client-idle-timeout}); and a connection may carry {@value #MAX_CONCURRENT_STREAMS} streams at once.
     */
    private static <T extends AbstractHTTP2ServerConnectionFactory> T http2(T factory, ClientLimits limits) {
        factory.setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS);
        factory.setStreamIdleTimeout(limits.idleTimeout().toMillis());
        // No extended CONNECT (RFC 8441): WebSocket is relayed over HTTP/1.1 only, and a browser that is not offered
        // WebSocket over HTTP/2 opens an HTTP/1.1 connection for it.
        factory.setConnectProtocolEnabled(false);
        return factory;
    }

    private ServerConnector connector(Server server, int port, ClientLimits limits, ConnectionFactory[] protocols) {
        ServerConnector connector = new ServerConnector(server, protocols);
        connector.setHost(settings.host());
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        // Java's default backlog of 50 drops the SYNs of a burst of new clients, which then wait a second or more to
        // retry; the kernel caps this at net.core.somaxconn. Clients past --max-connections wait here too.
        connector.setAcceptQueueSize(ACCEPT_BACKLOG);
        return connector;
    }

    /**
     * With {@code --redirect-https}, every request on the plain port is answered with a 308 to the same path and
     * query on the TLS port (308 keeps the method and body, RFC 9110 15.4.9); requests over TLS pass.
     */
    Handler redirectingPlainRequests(Handler handler) {
        return settings.redirectHttps() ? new SecuredRedirectHandler(handler, HttpStatus.PERMANENT_REDIRECT_308)
                : handler;
    }

    /** The plain port, or -1 without one. */
    int port() {
        return plain == null ? -1 : plain.getLocalPort();
    }

    /** The TLS port, or -1 without one. */
    int tlsPort() {
        return tls == null ? -1 : tls.getLocalPort();
    }

    /** Client connections open now on both ports, as the connection limit counts them. */
    int clientConnections() {
        return (plain == null ? 0 : plain.getConnectedEndPoints().size())
                + (tls == null ? 0 : tls.getConnectedEndPoints().size());
    }

    /** Times {@code --max-connections} was reached since start. */
    long connectionLimitReached() {
        return connectionLimit.timesReached();
    }

    /**
     * Binds the TLS port before the connectors start and tells the plain port's redirects which port it got. The
     * server starts its beans before its connectors, so no request is answered before this has run.
     */
    private static final class SecurePort extends AbstractLifeCycle {

        private final ServerConnector tls;
        private final HttpConfiguration plain;

        SecurePort(ServerConnector tls, HttpConfiguration plain) {
            this.tls = tls;
            this.plain = plain;
        }

        @Override
        protected void doStart() throws Exception {
            tls.open();
            plain.setSecurePort(tls.getLocalPort());
        }
    }
}
