package dev.fulcrum.proxy.connection;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.server.Request;

/**
 * The path and query exactly as the client sent them, for everything Fulcrum does with them: the backend's target,
 * the access log, the URI length limit (and, later, hash keys). Jetty's request already holds them undecoded, with
 * one exception: Jetty resolves dot segments while it parses and refuses, whatever the URI compliance mode, a path
 * whose dot segments climb above the root ({@code /..}, {@code /%2e%2e/x}, and {@code /..;/x}, where a servlet
 * container reads {@code ..;} as {@code ..}). RFC 3986 allows them, and resolving them is the backend's business, so
 * the connection hands Jetty a stand-in with the same scheme and authority and the path {@code /}, and keeps the
 * client's path and query in a request attribute, which the accessors here prefer.
 *
 * <p>An ordinary request costs one attribute lookup.
 */
public final class ClientTarget {

    /** The client's path and query, set on a request whose target Jetty only saw as a stand-in. */
    static final String ATTRIBUTE = "dev.fulcrum.clientTarget";

    private ClientTarget() {
    }

    /** The target Jetty parses in place of {@code target}: the same, up to a path of just {@code /}. */
    static String standIn(String target) {
        int path = RequestTarget.pathStart(target);
        return path < 0 ? target : target.substring(0, path) + "/";
    }

    /** The path and query of {@code target}, an origin-form or absolute-form request target. */
    static String pathQuery(String target) {
        int path = RequestTarget.pathStart(target);
        return path < 0 ? target : target.substring(path);
    }

    /** The client's path and query, when Jetty's request holds only a stand-in for them; otherwise null. */
    public static String replaced(HttpServletRequest request) {
        return (String) request.getAttribute(ATTRIBUTE);
    }

    /** The path and query the client sent. */
    public static String pathQuery(Request request) {
        Object replaced = request.getAttribute(ATTRIBUTE);
        return replaced != null ? (String) replaced : request.getHttpURI().getPathQuery();
    }

    /** The query the client sent, undecoded; null when it sent none. */
    public static String query(HttpServletRequest request) {
        String replaced = replaced(request);
        if (replaced == null) {
            return request.getQueryString();
        }
        int query = replaced.indexOf('?');
        return query < 0 ? null : replaced.substring(query + 1);
    }

    /** The path the client sent, for a log line (which leaves the query, and any secret in it, to the access log). */
    public static String path(HttpServletRequest request) {
        String replaced = replaced(request);
        if (replaced == null) {
            return request.getRequestURI();
        }
        int query = replaced.indexOf('?');
        return query < 0 ? replaced : replaced.substring(0, query);
    }
}
