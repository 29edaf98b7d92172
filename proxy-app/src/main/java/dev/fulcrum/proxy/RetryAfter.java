package dev.fulcrum.proxy;

import java.time.Duration;

/**
 * The {@code Retry-After} of a 503 (no backend available): how long a client should wait before a retry can
 * plausibly succeed. A recovering backend is seen again within a health interval or two, but a backend added through
 * the API takes traffic at once, so a long interval ({@code --health-interval 1h}) must not tell clients to stay away
 * for an hour: the wait is bounded to {@link #MAX}, and never under one second, the header's unit.
 */
final class RetryAfter {

    /** The longest wait a 503 announces, however long the health interval. */
    static final Duration MAX = Duration.ofSeconds(30);

    private RetryAfter() {
    }

    /** @param wait roughly how long a recovering backend takes to be seen again */
    static long seconds(Duration wait) {
        long rounded = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, Math.min(MAX.toSeconds(), rounded));
    }
}
