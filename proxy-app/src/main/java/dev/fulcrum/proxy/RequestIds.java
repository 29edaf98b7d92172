package dev.fulcrum.proxy;

import dev.fulcrum.values.RequestIdFormat;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * Gives every client request an id, so that a client's error, the backend's log and Fulcrum's access log can be
 * matched, in the {@link RequestIdFormat} the admin API's change history uses too. Kept as a request attribute so
 * the proxy, the error handler and the access log all see the same id.
 */
public final class RequestIds {

    public static final String HEADER = RequestIdFormat.HEADER;
    static final String ATTRIBUTE = "dev.fulcrum.requestId";

    private RequestIds() {
    }

    /** The request's id, assigned on first call. */
    public static String of(Request request) {
        Object id = request.getAttribute(ATTRIBUTE);
        if (id != null) {
            return (String) id;
        }
        String assigned = RequestIdFormat.choose(request.getHeaders().get(HEADER));
        request.setAttribute(ATTRIBUTE, assigned);
        return assigned;
    }

    /** The same id, for the servlet that proxies the request. */
    public static String of(HttpServletRequest request) {
        return of(ServletContextRequest.getServletContextRequest(request));
    }
}
