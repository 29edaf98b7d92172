package dev.fulcrum.proxy;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Where the proxy takes clients: a plain HTTP port, a TLS port, or both.
 *
 * @param host the address both ports listen on
 * @param port the plain port, or {@link #NONE} for HTTPS only ({@code --no-plain}); 0 for one the OS picks
 * @param tlsPort the TLS port, or {@link #NONE}; 0 for one the OS picks
 * @param tls the certificates and TLS settings of the TLS port, or null without one
 * @param redirectHttps whether the plain port answers every request with a 308 to the same URL on the TLS port
 * @param http2 whether the ports speak HTTP/2 besides HTTP/1.1: h2c on the plain port, h2 through ALPN on the TLS port
 */
public record ListenerSettings(String host, int port, int tlsPort, SslContextFactory.Server tls,
                               boolean redirectHttps, boolean http2) {

    /** No such port. */
    public static final int NONE = -1;

    public ListenerSettings {
        if (port == NONE && tlsPort == NONE) {
            throw new IllegalArgumentException("the proxy needs a plain or a TLS port");
        }
        if ((tlsPort == NONE) != (tls == null)) {
            throw new IllegalArgumentException("a TLS port needs certificates, and certificates a TLS port");
        }
        if (redirectHttps && (port == NONE || tlsPort == NONE)) {
            throw new IllegalArgumentException("redirecting to HTTPS needs both a plain and a TLS port");
        }
    }

    /** These ports, speaking HTTP/1.1 and HTTP/2. */
    public ListenerSettings(String host, int port, int tlsPort, SslContextFactory.Server tls, boolean redirectHttps) {
        this(host, port, tlsPort, tls, redirectHttps, true);
    }

    /** Plain HTTP only, HTTP/1.1 and h2c. */
    public static ListenerSettings plain(String host, int port) {
        return new ListenerSettings(host, port, NONE, null, false);
    }

    /** The same ports speaking HTTP/1.1 only ({@code --no-http2}). */
    public ListenerSettings withoutHttp2() {
        return new ListenerSettings(host, port, tlsPort, tls, redirectHttps, false);
    }
}
