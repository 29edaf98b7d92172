package dev.fulcrum.proxy;

import dev.fulcrum.proxy.connection.ClientLimits;
import dev.fulcrum.tls.BackendTls;
import java.time.Duration;
import java.util.Objects;

/**
 * The data path's knobs, validated when built so that a bad value stops the process at start, not a request later.
 *
 * @param connectTimeout how long a TCP connect to a backend may take; a connect that times out is retried elsewhere
 * @param backendTimeout how long a backend may take to start its response after receiving the request (504)
 * @param idleTimeout how long a backend may pause between two chunks of a response it has started
 * @param retries when and how often a failed backend exchange is tried again elsewhere
 * @param limits what one client may ask of the proxy port
 * @param trustedProxies clients whose {@code X-Forwarded-*} headers are extended rather than replaced
 * @param serverHeader the {@code Server} header on every response, or {@code null} for none
 * @param retryAfter roughly how long a recovering backend takes to be seen again, from which a 503's
 *     {@code Retry-After} is taken ({@link RetryAfter}: at least 1 s, at most 30 s)
 * @param accessLog whether one line per request is logged
 * @param maxResponseHeaderSize bytes of status line plus headers a backend may answer with; a larger head is 502
 * @param backendTls how the certificates of {@code https://} backends are checked
 * @param webSocketIdleTimeout how long a WebSocket may carry no byte either way before both its connections are closed
 */
public record ProxySettings(Duration connectTimeout, Duration backendTimeout, Duration idleTimeout,
                            RetrySettings retries, ClientLimits limits, TrustedProxies trustedProxies,
                            String serverHeader, Duration retryAfter, boolean accessLog, int maxResponseHeaderSize,
                            BackendTls backendTls, Duration webSocketIdleTimeout) {

    /** Room for what large cookies and security headers (CSP) take; a head past it is refused, not read whole. */
    public static final int DEFAULT_MAX_RESPONSE_HEADER_SIZE = 64 * 1024;

    public static final ProxySettings DEFAULTS = new ProxySettings(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(30), RetrySettings.DEFAULTS, ClientLimits.DEFAULTS, TrustedProxies.NONE, null,
            Duration.ofSeconds(5), true, DEFAULT_MAX_RESPONSE_HEADER_SIZE, BackendTls.VERIFIED, Duration.ofHours(1));

    public ProxySettings {
        Objects.requireNonNull(backendTls, "backendTls");
        requirePositive("connect timeout", connectTimeout);
        requirePositive("backend timeout", backendTimeout);
        requirePositive("idle timeout", idleTimeout);
        requirePositive("WebSocket idle timeout", webSocketIdleTimeout);
        if (serverHeader != null && !serverHeader.matches("[!-~]+( [!-~]+)*")) {
            throw new IllegalArgumentException("server header must be printable ASCII: '" + serverHeader + "'");
        }
        if (maxResponseHeaderSize < 1024 || maxResponseHeaderSize > 1024 * 1024) {
            throw new IllegalArgumentException("max response header size must be between 1KB and 1MB, not "
                    + maxResponseHeaderSize + " bytes");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    public long retryAfterSeconds() {
        return RetryAfter.seconds(retryAfter);
    }

    public ProxySettings withTimeouts(Duration connect, Duration backend, Duration idle) {
        return new ProxySettings(connect, backend, idle, retries, limits, trustedProxies, serverHeader, retryAfter,
                accessLog, maxResponseHeaderSize, backendTls, webSocketIdleTimeout);
    }

    public ProxySettings withRetries(RetrySettings value) {
        return new ProxySettings(connectTimeout, backendTimeout, idleTimeout, value, limits, trustedProxies,
                serverHeader, retryAfter, accessLog, maxResponseHeaderSize, backendTls, webSocketIdleTimeout);
    }

    public ProxySettings withLimits(ClientLimits value) {
        return new ProxySettings(connectTimeout, backendTimeout, idleTimeout, retries, value, trustedProxies,
                serverHeader, retryAfter, accessLog, maxResponseHeaderSize, backendTls, webSocketIdleTimeout);
    }

    public ProxySettings withForwarding(TrustedProxies trusted, String server) {
        return new ProxySettings(connectTimeout, backendTimeout, idleTimeout, retries, limits, trusted, server,
                retryAfter, accessLog, maxResponseHeaderSize, backendTls, webSocketIdleTimeout);
    }

    public ProxySettings withRetryAfter(Duration value) {
        return new ProxySettings(connectTimeout, backendTimeout, idleTimeout, retries, limits, trustedProxies,
                serverHeader, value, accessLog, maxResponseHeaderSize, backendTls, webSocketIdleTimeout);
    }

    public ProxySettings withAccessLog(boolean value) {
        return new ProxySettings(connectTimeout, backendTimeout, idleTimeout, retries, limits, trustedProxies,
                serverHeader, retryAfter, value, maxResponseHeaderSize, backendTls, webSocketIdleTimeout);
    }

    public ProxySettings withMaxResponseHeaderSize(int bytes) {
        return new ProxySettings(connectTimeout, backendTimeout, idleTimeout, retries, limits, trustedProxies,
                serverHeader, retryAfter, accessLog, bytes, backendTls, webSocketIdleTimeout);
    }

    public ProxySettings withBackendTls(BackendTls value) {
        return new ProxySettings(connectTimeout, backendTimeout, idleTimeout, retries, limits, trustedProxies,
                serverHeader, retryAfter, accessLog, maxResponseHeaderSize, value, webSocketIdleTimeout);
    }

    public ProxySettings withWebSocketIdleTimeout(Duration value) {
        return new ProxySettings(connectTimeout, backendTimeout, idleTimeout, retries, limits, trustedProxies,
                serverHeader, retryAfter, accessLog, maxResponseHeaderSize, backendTls, value);
    }
}
