package dev.fulcrum.proxy;

import java.time.Duration;

/**
 * The data path's knobs.
 *
 * @param backendTimeout how long a backend may stay silent (before its first response byte or between body bytes)
 *     before the exchange fails with 504
 * @param connectTimeout how long a TCP connect to a backend may take; a connect that times out is retried elsewhere
 * @param retryAfter what a 503 tells clients to wait, roughly how long a recovering backend takes to be seen again
 */
public record ProxySettings(Duration backendTimeout, Duration connectTimeout, Duration retryAfter,
                            boolean accessLog) {

    public ProxySettings {
        if (backendTimeout.isNegative() || backendTimeout.isZero()) {
            throw new IllegalArgumentException("backend timeout must be positive: " + backendTimeout);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
    }

    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
