package dev.fulcrum.pool;

import java.time.Duration;

/**
 * The share of its weight a backend gets while it ramps up after becoming routable, as HAProxy's {@code slowstart}
 * and Envoy's slow-start window: a tenth at first (Envoy's default minimum), growing linearly to all of it once
 * {@code window} has passed, so a cold cache or JIT is not flooded. The routing table is rebuilt in
 * {@link #step steps} while a backend ramps, on the health checker's thread.
 */
final class SlowStart {

    /** The share a backend starts with. */
    static final double MIN_SHARE = 0.1;

    /** A ramp is taken in about this many table rebuilds, */
    static final int STEPS = 20;

    /** and never more than one rebuild this often. */
    static final Duration MIN_STEP = Duration.ofMillis(250);

    private SlowStart() {
    }

    /** The share of its weight a backend that became routable {@code elapsedNanos} ago gets now. */
    static double share(long elapsedNanos, Duration window) {
        if (window == null || elapsedNanos >= window.toNanos()) {
            return 1;
        }
        return Math.max(MIN_SHARE, Math.max(0, elapsedNanos) / (double) window.toNanos());
    }

    /** How long to wait between two rebuilds of a ramp over {@code window}. */
    static long stepNanos(Duration window) {
        return Math.max(MIN_STEP.toNanos(), window.toNanos() / STEPS);
    }
}
