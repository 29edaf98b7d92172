package dev.fulcrum.metrics;

import java.time.Duration;

/**
 * The bucket bounds of every latency histogram Fulcrum exports, chosen for a balancer: from 1 ms (a backend on the
 * same host) to 30 s (a slow upload or report), roughly 1-2.5-5 per decade, so that any quantile Prometheus
 * interpolates is off by less than a bucket. The same bounds give the API its percentiles of the last minute.
 */
final class LatencyBuckets {

    /** The upper bounds, in nanoseconds; a last, unbounded bucket ({@code +Inf}) follows. */
    static final long[] BOUNDS_NANOS = {
        millis(1), millis(2.5), millis(5), millis(10), millis(25), millis(50), millis(100), millis(250), millis(500),
        millis(1000), millis(2500), millis(5000), millis(10_000), millis(30_000),
    };

    private LatencyBuckets() {
    }

    /** The bounds as Micrometer's service-level objectives, which its Prometheus registry exports as buckets. */
    static Duration[] bounds() {
        Duration[] bounds = new Duration[BOUNDS_NANOS.length];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = Duration.ofNanos(BOUNDS_NANOS[i]);
        }
        return bounds;
    }

    /**
     * The {@code q} quantile, in milliseconds, of values counted in the buckets: interpolated linearly within the
     * bucket it falls in, as Prometheus's {@code histogram_quantile} does; the last bound when it falls beyond it.
     *
     * @param cumulative for each bound, how many values were at most that bound (as Prometheus counts {@code le})
     * @param count how many values there were in all, those beyond the last bound included
     * @return null when there were none
     */
    static Double quantileMillis(long[] cumulative, long count, double q) {
        if (count <= 0) {
            return null;
        }
        double rank = q * count;
        long below = 0;
        long lower = 0;
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            long atMost = cumulative[i];
            if (atMost >= rank && atMost > below) {
                double share = (rank - below) / (atMost - below);
                return (lower + (BOUNDS_NANOS[i] - lower) * share) / 1e6;
            }
            below = atMost;
            lower = BOUNDS_NANOS[i];
        }
        return BOUNDS_NANOS[BOUNDS_NANOS.length - 1] / 1e6;
    }

    private static long millis(double millis) {
        return Math.round(millis * 1_000_000);
    }
}
