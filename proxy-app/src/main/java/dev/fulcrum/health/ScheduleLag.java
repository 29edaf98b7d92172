package dev.fulcrum.health;

import java.util.concurrent.TimeUnit;

/**
 * How late probes start compared with when they were due: the measure of whether the checker keeps its schedule.
 * Written on the checker's thread, read from anywhere. The window's figures start over on {@link #reset}; the totals
 * since start ({@link #probesInAll}, {@link #nanosInAll}) never do, for the metrics.
 */
public final class ScheduleLag {

    private volatile long probes;
    private volatile long maxNanos;
    private volatile long totalNanos;
    private volatile long probesInAll;
    private volatile long nanosInAll;

    void record(long lateNanos) {
        long late = Math.max(0, lateNanos);
        probes++;
        totalNanos += late;
        probesInAll++;
        nanosInAll += late;
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

    /** Probes started since start, whatever {@link #reset} did. */
    public long probesInAll() {
        return probesInAll;
    }

    /** How late all probes since start began, added up, in nanoseconds. */
    public long nanosInAll() {
        return nanosInAll;
    }

    /** Starts a new measurement window. Call on the checker's thread or when no probes run. */
    public void reset() {
        probes = 0;
        maxNanos = 0;
        totalNanos = 0;
    }
}
