package dev.fulcrum.proxy;

import dev.fulcrum.proxy.connection.ClientTarget;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per client request: client address, method, path, chosen backend, status, time taken and request id, and,
 * when Fulcrum answered for a backend it could not pass on (a malformed response, a head too large), why, in
 * parentheses.
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
        if (!access.isInfoEnabled()) {
            return;
        }
        Object backend = request.getAttribute(BalancingProxyServlet.BACKEND_ATTRIBUTE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime());
        Object reason = request.getAttribute(REASON_ATTRIBUTE);
        String pathQuery = shortened(ClientTarget.pathQuery(request));
        String id = RequestIds.of(request);
        // One string built to size: no argument array, no boxed numbers, no second pass over a pattern per request.
        StringBuilder line = new StringBuilder(64 + (pathQuery == null ? 4 : pathQuery.length()) + id.length())
                .append(Request.getRemoteAddr(request)).append(' ').append(request.getMethod()).append(' ')
                .append(pathQuery).append(" -> ").append(backend == null ? "-" : backend).append(' ')
                .append(response.getStatus()).append(' ').append(millis).append("ms ").append(id);
        if (reason != null) {
            line.append(" (").append(reason).append(')');
        }
        access.info(line.toString());
    }

    static String shortened(String pathQuery) {
        if (pathQuery == null || pathQuery.length() <= MAX_PATH_LENGTH) {
            return pathQuery;
        }
        return pathQuery.substring(0, MAX_PATH_LENGTH) + "...(" + pathQuery.length() + " chars)";
    }
}
