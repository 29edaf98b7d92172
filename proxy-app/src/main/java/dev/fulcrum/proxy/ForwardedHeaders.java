package dev.fulcrum.proxy;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * What a backend is told about the client (the {@code X-Forwarded-*} headers and the request id), and whom it
 * believes. No {@code Via}: it would announce Fulcrum to the backend for no benefit. A client's own
 * {@code X-Forwarded-*} values are replaced, not appended to, and its {@code Forwarded}, {@code X-Forwarded-Port},
 * {@code X-Forwarded-Server} and {@code X-Real-IP} removed, unless it is a trusted proxy
 * ({@code --trusted-proxies}): nobody else may pose as another address. A trusted proxy's
 * {@code X-Forwarded-For} is extended with its own address, and its {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host} kept.
 */
final class ForwardedHeaders {

    static final HttpHeader FORWARDED_FOR = HttpHeader.X_FORWARDED_FOR;
    static final HttpHeader FORWARDED_PROTO = HttpHeader.X_FORWARDED_PROTO;
    static final HttpHeader FORWARDED_HOST = HttpHeader.X_FORWARDED_HOST;

    /** Headers that say who the client was; only a trusted proxy may pass them on. */
    private static final HttpHeader[] CLAIMS = {HttpHeader.FORWARDED, HttpHeader.X_FORWARDED_PORT,
        HttpHeader.X_FORWARDED_SERVER};
    private static final String REAL_IP = "X-Real-IP";

    private ForwardedHeaders() {
    }

    /**
     * Sets the forwarding headers on a backend request whose headers are the client's, copied.
     *
     * @param remote the client's address
     * @param trusted whether the client is a trusted proxy
     * @param forwardedFor a trusted client's own {@code X-Forwarded-For} values joined by {@code ", "}, else null
     * @param scheme the scheme the client spoke
     * @param host the client's {@code Host}, or null
     */
    static void apply(HttpFields.Mutable headers, String remote, boolean trusted, String forwardedFor, String scheme,
                      String host, String requestId) {
        headers.put(FORWARDED_FOR, forwardedFor == null ? remote : forwardedFor + ", " + remote);
        if (!trusted || !headers.contains(FORWARDED_PROTO)) {
            headers.put(FORWARDED_PROTO, scheme);
        }
        if (!trusted || !headers.contains(FORWARDED_HOST)) {
            if (host != null) {
                headers.put(FORWARDED_HOST, host);
            } else {
                headers.remove(FORWARDED_HOST);
            }
        }
        if (!trusted) {
            for (HttpHeader header : CLAIMS) {
                headers.remove(header);
            }
            headers.remove(REAL_IP);
        }
        headers.put(RequestIds.HEADER, requestId);
    }
}
