package dev.fulcrum.proxy;

import dev.fulcrum.pool.HashKeys;
import dev.fulcrum.pool.HashOn;
import dev.fulcrum.proxy.connection.ClientTarget;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Reads the key the {@code hash} algorithm hashes from a client request, as {@link HashOn} names it, and returns its
 * ring position ({@link HashKeys}), or {@link HashKeys#NONE} when the request has no such key (which then goes
 * round-robin). Reads what Jetty already holds, allocating nothing:
 * <ul>
 *   <li>{@code header:NAME}: the first such header's value, as sent; an empty one is no key;</li>
 *   <li>{@code cookie:NAME}: that cookie's value in the {@code Cookie} header;</li>
 *   <li>{@code client-ip}: the address of the client's connection (not {@code X-Forwarded-For}, which a client can
 *       write: behind a proxy, hash a header that proxy sets);</li>
 *   <li>{@code path}: the path exactly as the client sent it, without the query, never decoded ({@link ClientTarget}),
 *       so {@code /a%2Fb} and {@code /a/b} are different keys, as they may be different resources.</li>
 * </ul>
 */
final class RequestKeys {

    private RequestKeys() {
    }

    static long of(HttpServletRequest request, HashOn on) {
        return switch (on.kind()) {
            case HEADER -> header(request.getHeader(on.name()));
            case COOKIE -> cookie(request.getHeader(HttpHeader.COOKIE.asString()), on.name());
            case CLIENT_IP -> clientAddress(request);
            case PATH -> path(request);
        };
    }

    static long header(String value) {
        return value == null || value.isEmpty() ? HashKeys.NONE : HashKeys.of(value);
    }

    static long cookie(String header, String name) {
        long found = CookieHeader.find(header, name);
        if (found == CookieHeader.ABSENT || CookieHeader.start(found) == CookieHeader.end(found)) {
            return HashKeys.NONE;
        }
        return HashKeys.of(header, CookieHeader.start(found), CookieHeader.end(found));
    }

    /** The client's address as a number: an IPv4 address's hash code is the address itself. */
    private static long clientAddress(HttpServletRequest request) {
        SocketAddress remote = ServletContextRequest.getServletContextRequest(request).getConnectionMetaData()
                .getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress address && address.getAddress() != null) {
            return HashKeys.of(address.getAddress().hashCode());
        }
        return HashKeys.NONE;
    }

    private static long path(HttpServletRequest request) {
        String replaced = ClientTarget.replaced(request);
        if (replaced == null) {
            return HashKeys.of(request.getRequestURI());
        }
        return path(replaced);
    }

    /** The key of a path and query as the client sent them: the path alone. */
    static long path(String pathQuery) {
        int query = pathQuery.indexOf('?');
        return HashKeys.of(pathQuery, 0, query < 0 ? pathQuery.length() : query);
    }
}
