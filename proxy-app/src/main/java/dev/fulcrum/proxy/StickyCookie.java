package dev.fulcrum.proxy;

import dev.fulcrum.pool.Route;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The sticky cookie, when the balancer has one: it names the backend that served a client by that backend's token
 * ({@link Route#token}, which does not reveal its address), so that the client's later requests go to the same
 * backend while it is routable.
 *
 * <p>A response from a backend the client's cookie does not name (a first request, or one re-balanced because its
 * backend is down, draining or gone) sets the cookie: {@code HttpOnly}, {@code SameSite=Lax}, for the whole site, for
 * the browser's session, and {@code Secure} when the client's connection is. A response from the named backend sets
 * nothing.
 */
final class StickyCookie {

    private StickyCookie() {
    }

    /** The token the request's cookie {@code name} carries, or 0 when it carries none that could be a token. */
    static long token(HttpServletRequest request, String name) {
        String header = request.getHeader(HttpHeader.COOKIE.asString());
        long found = CookieHeader.find(header, name);
        if (found == CookieHeader.ABSENT) {
            return 0;
        }
        return Route.parseToken(header, CookieHeader.start(found), CookieHeader.end(found));
    }

    /** Sets the cookie on the response unless the client's cookie already names the backend that answered. */
    static void set(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, ProxyExchange exchange) {
        Route route = exchange.route();
        if (route == null || route.token() == exchange.stickyToken()) {
            return;
        }
        String cookie = route.setCookie(clientRequest.isSecure());
        if (cookie != null) {
            proxyResponse.addHeader(HttpHeader.SET_COOKIE.asString(), cookie);
        }
    }
}
