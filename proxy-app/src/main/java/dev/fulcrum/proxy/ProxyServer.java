package dev.fulcrum.proxy;

import dev.fulcrum.health.PassiveHealthCheck;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.http.IoResources;
import dev.fulcrum.pool.Balancer;
import dev.fulcrum.proxy.connection.ClientLimits;
import dev.fulcrum.proxy.connection.ResumingThreadPool;
import dev.fulcrum.proxy.connection.StrictRequestCheck;
import dev.fulcrum.proxy.connection.UriLengthLimit;
import dev.fulcrum.proxy.tunnel.Tunnels;
import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The client-facing Jetty server: its ports ({@link ProxyListeners}: plain, TLS or both, HTTP/1.1 and HTTP/2) with the
 * {@link ClientLimits}, the {@link BalancingProxyServlet}, Fulcrum's own error responses, the end of each exchange
 * ({@link ProxyExchange#END}), the access log and traffic counters, the open WebSocket {@link Tunnels}, and a graceful
 * stop that lets in-flight requests and tunnels finish.
 */
public final class ProxyServer implements AutoCloseable {

    /** How long a stop waits for in-flight requests and open tunnels before cutting them off. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    /** Jetty's URI compliance for the proxy port: see {@link #httpConfiguration}. */
    private static final UriCompliance PASS_VALID_TARGETS = new UriCompliance("PASS_VALID_TARGETS", EnumSet.of(
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING, UriCompliance.Violation.BAD_UTF8_ENCODING,
            UriCompliance.Violation.TRUNCATED_UTF8_ENCODING, UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS));

    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

    private final Server server;
    private final QueuedThreadPool threads;
    private final ProxyListeners listeners;
    /** The shared threads, timer and buffers when this server made them itself, to be started and stopped with it. */
    private final IoResources ownIo;
    private final Tunnels tunnels = new Tunnels();

    /** A proxy on one plain HTTP port. */
    public ProxyServer(String host, int port, BackendPool pool, Balancer balancer,
                       PassiveHealthCheck passiveHealth, TrafficStats traffic, RetryBudget retryBudget,
                       ProxySettings settings, TimeSource time) {
        this(ListenerSettings.plain(host, port), pool, balancer, passiveHealth, traffic, retryBudget, settings, time);
    }

    /** A proxy with threads, timer and buffers of its own. */
    public ProxyServer(ListenerSettings listenerSettings, BackendPool pool, Balancer balancer,
                       PassiveHealthCheck passiveHealth, TrafficStats traffic, RetryBudget retryBudget,
                       ProxySettings settings, TimeSource time) {
        this(listenerSettings, pool, balancer, passiveHealth, traffic, retryBudget, settings, time,
                newIoResources(settings), true);
    }

    /** A proxy on the threads, timer and buffers {@code io} it shares with the health probes; {@code io} is started. */
    public ProxyServer(ListenerSettings listenerSettings, BackendPool pool, Balancer balancer,
                       PassiveHealthCheck passiveHealth, TrafficStats traffic, RetryBudget retryBudget,
                       ProxySettings settings, TimeSource time, IoResources io) {
        this(listenerSettings, pool, balancer, passiveHealth, traffic, retryBudget, settings, time, io, false);
    }

    private ProxyServer(ListenerSettings listenerSettings, BackendPool pool, Balancer balancer,
                        PassiveHealthCheck passiveHealth, TrafficStats traffic, RetryBudget retryBudget,
                        ProxySettings settings, TimeSource time, IoResources io, boolean ownsIo) {
        ClientLimits limits = settings.limits();
        this.ownIo = ownsIo ? io : null;
        threads = io.threads();
        server = new Server(threads, io.scheduler(), io.buffers());
        listeners = new ProxyListeners(server, listenerSettings, httpConfiguration(settings), limits, time);

        ProxyErrorHandler errors = new ProxyErrorHandler(settings.serverHeader());
        ServletContextHandler context = new NonBlockingContext();
        context.setContextPath("/");
        context.setErrorHandler(errors);
        // The servlet's decoded path is used for nothing (one servlet at /*), so an ambiguous one has nothing to
        // mislead; without this, getServletPath and getPathInfo would throw for such a request.
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        AccessLog accessLog = settings.accessLog() ? new AccessLog() : null;
        ServletHolder proxy = new ServletHolder("proxy", new BalancingProxyServlet(pool, balancer, retryBudget,
                passiveHealth, settings, time, io, tunnels, accessLog));
        // Clients expect the Host they asked for to reach the backend, as HAProxy and Traefik pass it.
        proxy.setInitParameter("preserveHost", "true");
        // Whatever head the connector accepts must fit the backend request too, with room for X-Forwarded-* and
        // X-Request-Id; Jetty's client default (8KB) would turn a long but allowed URI into a 502.
        proxy.setInitParameter("maxRequestHeadersSize", Integer.toString(limits.maxHeaderSize() + 8 * 1024));
        // A backend's head is read up to this and no further: a larger one fails the exchange (502), so a backend
        // sending megabytes of headers costs at most this much memory per response, not all of it. Jetty's parser
        // does not count the version that begins the status line ("HTTP/1.1"), so the limit is that much lower.
        proxy.setInitParameter("maxResponseHeadersSize",
                Integer.toString(settings.maxResponseHeaderSize() - HttpVersion.HTTP_1_1.asString().length()));
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");

        server.setErrorHandler(errors);
        // Oversized requests are refused before the servlet sees them, so nothing of theirs reaches a backend.
        Handler limited = context;
        if (limits.maxBodySize() >= 0) {
            // 413 up front when Content-Length says too much; otherwise the read that crosses the limit fails the
            // body with a 413 that the proxy servlet answers with (see BalancingProxyServlet.clientRequestStatus).
            SizeLimitHandler bodyLimit = new SizeLimitHandler(limits.maxBodySize(), -1);
            bodyLimit.setHandler(limited);
            limited = bodyLimit;
        }
        limited = new UriLengthLimit(limits.maxUriLength(), limited);
        server.setHandler(new GracefulHandler(listeners.redirectingPlainRequests(limited)));
        server.setStopTimeout(DRAIN_TIMEOUT.toMillis());
        server.setStopAtShutdown(false);
        // Waited for by the graceful stop, then closed: after the connectors, which close the clients' sides first.
        server.addBean(tunnels);
        server.setRequestLog(accessLog != null
                ? new RequestLog.Collection(ProxyExchange.END, traffic, accessLog)
                : new RequestLog.Collection(ProxyExchange.END, traffic));
    }

    private static HttpConfiguration httpConfiguration(ProxySettings settings) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // The backend's Date is passed on; Jetty's own would make a second Date header on every proxied response.
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(settings.limits().maxHeaderSize());
        // Every head the backend client accepted must fit when Jetty writes it again, which the default (16 KB) would
        // cut into an empty reply. Jetty's buffer starts at its usual 8 KB and grows to this only for a larger head.
        http.setMaxResponseHeaderSize(responseHeadRoom(settings));
        // RFC9110 refuses every ambiguous framing (StrictHttpTest lists them); STRICT would add only the refusal of a
        // bare LF as line end, which RFC 9112 2.2 allows and which cannot reach a backend, since Fulcrum writes its
        // own request head. HTTP/0.9 stays refused, as in every mode but LEGACY (400: see RequestParser).
        http.setHttpCompliance(HttpCompliance.RFC9110);
        // Jetty's URI violations guard servlet containers that map paths to resources; Fulcrum maps nothing by path
        // and forwards the target byte for byte, so each violation an RFC 3986 target can raise is allowed: the five
        // ambiguities (%2F, %25, empty and dot segments, ..;), non-UTF-8 escapes and encoded control or backslash
        // characters. RequestTarget has refused what is really malformed before Jetty parses it; the violations left
        // refused (raw illegal characters, #fragment, %u escapes, user info in an absolute-form target) are malformed.
        http.setUriCompliance(PASS_VALID_TARGETS);
        http.addCustomizer(new StrictRequestCheck());
        String serverHeader = settings.serverHeader();
        if (serverHeader != null) {
            http.addCustomizer((request, responseHeaders) -> {
                responseHeaders.put(HttpHeader.SERVER, serverHeader);
                return request;
            });
        }
        return http;
    }

    /**
     * The largest head the proxy port writes: the largest a backend may send, a quarter more for fields the backend
     * wrote without a space after the colon (Jetty writes one; the shortest field line, {@code a:} and CRLF, grows
     * by a quarter), and room for the status line and Fulcrum's own {@code Server} header.
     */
    static int responseHeadRoom(ProxySettings settings) {
        int backendHead = settings.maxResponseHeaderSize();
        String server = settings.serverHeader();
        return backendHead + backendHead / 4 + 1024 + (server == null ? 0 : server.length());
    }

    /**
     * The threads of a proxy that has its own: connections resumed inline ({@link ResumingThreadPool}), as every
     * step of the exchange is non-blocking; and buffers pooled up to the size of the largest response head, which
     * HTTP/2 asks for whole for every response it encodes (Jetty's HPACK encoder takes a buffer of the configured
     * maximum, {@link #responseHeadRoom}, for each HEADERS frame).
     */
    public static IoResources newIoResources(ProxySettings settings) {
        return new IoResources(new ResumingThreadPool(), responseHeadRoom(settings));
    }

    /** Binds and starts; a port already in use surfaces as {@link java.io.IOException} from here. */
    public void start() throws Exception {
        if (ownIo != null) {
            ownIo.start();
        }
        server.start();
        if (server.getInvocationType() != InvocationType.NON_BLOCKING) {
            // Requests would be handed to pool threads: correct, but each hand-off costs a context switch.
            throw new IllegalStateException("a handler of the proxy port is not declared non-blocking");
        }
    }

    /**
     * The proxy's servlet context, declared non-blocking: nothing the proxy servlet does blocks, so Jetty may run each
     * request on the selector thread that read it, produce-consume, instead of waking a pool thread for it. A servlet
     * context says blocking by default because servlets usually block.
     */
    private static final class NonBlockingContext extends ServletContextHandler {
        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /** The plain HTTP port, or -1 without one. */
    public int port() {
        return listeners.port();
    }

    /** The HTTPS port, or -1 without one. */
    public int tlsPort() {
        return listeners.tlsPort();
    }

    /** Client connections open now, as the connection limit counts them. */
    public int clientConnections() {
        return listeners.clientConnections();
    }

    /** Times {@code --max-connections} was reached since start, leaving new clients in the accept backlog. */
    public long connectionLimitReached() {
        return listeners.connectionLimitReached();
    }

    /** The server's thread pool, for its metrics. */
    public QueuedThreadPool threadPool() {
        return threads;
    }

    /**
     * Stops accepting, waits up to {@link #DRAIN_TIMEOUT} for in-flight requests and tunnels, then closes what is left:
     * a drain that runs out is how a stop ends while WebSockets are open, not a failure.
     */
    @Override
    public void close() throws Exception {
        int open = tunnels.size();
        try {
            server.stop();
        } catch (TimeoutException drainOver) {
            if (drainOver.getSuppressed().length > 0) {
                throw drainOver;
            }
            log.info("the drain time ({} s) ran out: closed what was still open ({} WebSocket(s) when the stop began)",
                    DRAIN_TIMEOUT.toSeconds(), open);
        } finally {
            if (ownIo != null) {
                ownIo.close();
            }
        }
    }
}
