package dev.fulcrum.proxy;

import dev.fulcrum.proxy.connection.ClientTarget;
import dev.fulcrum.proxy.tunnel.Tunnel;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per client request: client address, method, path (and the protocol, when it is not HTTP/1.1), chosen
 * backend, status, time taken and request id, and, when Fulcrum answered for a backend it could not pass on (a
 * malformed response, a head too large), why, in parentheses. A request that became a WebSocket is logged when its
 * tunnel ends, with how long it was open and the bytes each way.
 *
 * <p>Written to the {@code fulcrum.access} logger, which the bundled Logback configuration sends to a
 * {@link dev.fulcrum.logging.BufferedConsoleAppender}: lines are written in batches, and a slow terminal or disk never
 * slows the data path. Registered as Jetty's
 * {@link RequestLog} so it also sees the requests Jetty answers itself (bad request lines, 503 with no backend).
 */
public final class AccessLog implements RequestLog {

    /** Longer paths are cut, so that a client sending 8 KB URIs cannot make each of its log lines 8 KB. */
    static final int MAX_PATH_LENGTH = 512;

    /** Why Fulcrum answered in place of the backend, as a short phrase, when there is more to say than the status. */
    static final String REASON_ATTRIBUTE = "dev.fulcrum.errorReason";

    private static final Logger access = LoggerFactory.getLogger("fulcrum.access");

    @Override
    public void log(Request request, Response response) {
        // A tunnel's request (answered 101) is logged when the tunnel ends.
        if (!access.isInfoEnabled() || response.getStatus() == HttpStatus.SWITCHING_PROTOCOLS_101
                && request.getAttribute(ProxyExchange.ATTRIBUTE) instanceof ProxyExchange exchange
                && exchange.isTunnelled()) {
            return;
        }
        Object backend = request.getAttribute(BalancingProxyServlet.BACKEND_ATTRIBUTE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime());
        Object reason = request.getAttribute(REASON_ATTRIBUTE);
        String pathQuery = shortened(ClientTarget.pathQuery(request));
        String id = RequestIds.of(request);
        // One string built to size: no argument array, no boxed numbers, no second pass over a pattern per request.
        StringBuilder line = new StringBuilder(72 + (pathQuery == null ? 4 : pathQuery.length()) + id.length())
                .append(Request.getRemoteAddr(request)).append(' ').append(request.getMethod()).append(' ')
                .append(pathQuery).append(protocol(request)).append(" -> ").append(backend == null ? "-" : backend)
                .append(' ').append(response.getStatus()).append(' ').append(millis).append("ms ").append(id);
        if (reason != null) {
            line.append(" (").append(reason).append(')');
        }
        access.info(line.toString());
    }

    /** Nothing for HTTP/1.1, the usual case; otherwise a space and the version, as in {@code GET / HTTP/2.0}. */
    private static String protocol(Request request) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        return version == HttpVersion.HTTP_1_1 ? "" : " " + version.asString();
    }

    /** What the line of a request that became a tunnel says; taken while the request is still being handled. */
    static Tunnelled tunnelled(Request request, String backend) {
        return new Tunnelled(Request.getRemoteAddr(request) + " " + request.getMethod() + " "
                + shortened(ClientTarget.pathQuery(request)) + protocol(request) + " -> " + backend + " 101 ",
                request.getBeginNanoTime(), RequestIds.of(request));
    }

    /** The start of a tunnelled request's line, until its tunnel ends. */
    record Tunnelled(String head, long beginNanos, String requestId) {
    }

    /** The line of a request whose tunnel has ended: open for how long, who closed it, bytes each way. */
    void tunnelEnded(Tunnelled request, Tunnel tunnel) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.beginNanos());
        access.info("{}{}ms {} (websocket {}: {} bytes from the client, {} from the backend)", request.head(), millis,
                request.requestId(), tunnel.end().words(), tunnel.bytesFromClient(), tunnel.bytesFromBackend());
    }

    static String shortened(String pathQuery) {
        if (pathQuery == null || pathQuery.length() <= MAX_PATH_LENGTH) {
            return pathQuery;
        }
        return pathQuery.substring(0, MAX_PATH_LENGTH) + "...(" + pathQuery.length() + " chars)";
    }
}
