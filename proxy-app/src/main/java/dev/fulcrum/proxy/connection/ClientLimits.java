package dev.fulcrum.proxy.connection;

import java.time.Duration;

/**
 * What one client may ask of the proxy port, so that a slow or oversized client costs itself an error instead of
 * costing other clients memory or threads.
 *
 * @param maxHeaderSize bytes of request line plus headers (431, or 414 when the request line alone is too long)
 * @param maxUriLength characters of path plus query (414)
 * @param maxBodySize bytes of request body, or -1 for no limit (413)
 * @param headerTimeout time from a request's first byte to the end of its head (408, then the connection closes)
 * @param idleTimeout time a connection may stay silent, between requests or inside one, before it is closed
 * @param maxConnections client connections open at once; more wait in the accept backlog
 */
public record ClientLimits(int maxHeaderSize, int maxUriLength, long maxBodySize, Duration headerTimeout,
                           Duration idleTimeout, int maxConnections) {

    public static final ClientLimits DEFAULTS = new ClientLimits(16 * 1024, 8 * 1024, -1, Duration.ofSeconds(10),
            Duration.ofSeconds(60), 10_000);

    public ClientLimits {
        // Jetty sizes each connection's request buffer by the header limit, so a huge one costs memory per client.
        if (maxHeaderSize < 1024 || maxHeaderSize > 1024 * 1024) {
            throw new IllegalArgumentException("max header size must be between 1KB and 1MB, not " + maxHeaderSize
                    + " bytes");
        }
        if (maxUriLength < 1 || maxUriLength > maxHeaderSize) {
            throw new IllegalArgumentException("max URI length must not be larger than the max header size ("
                    + maxHeaderSize + " bytes)");
        }
        if (maxBodySize < -1) {
            throw new IllegalArgumentException("max body size must be positive, or -1 for no limit");
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("header and idle timeouts must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, not " + maxConnections);
        }
    }

    public ClientLimits withMaxBodySize(long bytes) {
        return new ClientLimits(maxHeaderSize, maxUriLength, bytes, headerTimeout, idleTimeout, maxConnections);
    }
}
