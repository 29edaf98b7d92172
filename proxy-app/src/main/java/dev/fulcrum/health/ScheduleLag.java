package dev.fulcrum.health;

import java.util.concurrent.TimeUnit;

/**
 * How late probes start compared with when they were due: the measure of whether the checker keeps its schedule.
 * Written on the checker's thread, read from anywhere.
 */
public final class ScheduleLag {

    private volatile long probes;
    private volatile long maxNanos;
    private volatile long totalNanos;

    void record(long lateNanos) {
        long late = Math.max(0, lateNanos);
        probes++;
        totalNanos += late;
        if (late > maxNanos) {
            maxNanos = late;
        }
    }

    public long probes() {
        return probes;
    }

    public double maxMillis() {
        return maxNanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }

    public double meanMillis() {
        long n = probes;
        return n == 0 ? 0 : totalNanos / (double) n / TimeUnit.MILLISECONDS.toNanos(1);
    }

    /** Starts a new measurement window. Call on the checker's thread or when no probes run. */
    public void reset() {
        probes = 0;
        maxNanos = 0;
        totalNanos = 0;
    }
}
