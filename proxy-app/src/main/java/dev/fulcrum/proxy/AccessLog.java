package dev.fulcrum.proxy;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per client request: client address, method, path, chosen backend, status, time taken and request id.
 *
 * <p>Written to the {@code fulcrum.access} logger, which the bundled Logback configuration sends through a
 * non-blocking asynchronous appender, so a slow terminal or disk never slows the data path. Registered as Jetty's
 * {@link RequestLog} so it also sees the requests Jetty answers itself (bad request lines, 503 with no backend).
 */
public final class AccessLog implements RequestLog {

    private static final Logger access = LoggerFactory.getLogger("fulcrum.access");

    @Override
    public void log(Request request, Response response) {
        if (!access.isInfoEnabled()) {
            return;
        }
        Object backend = request.getAttribute(BalancingProxyServlet.BACKEND_ATTRIBUTE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime());
        access.info("{} {} {} -> {} {} {}ms {}", Request.getRemoteAddr(request), request.getMethod(),
                request.getHttpURI().getPathQuery(), backend == null ? "-" : backend, response.getStatus(), millis,
                RequestIds.of(request));
    }
}
