package dev.fulcrum.time;

import java.time.Instant;

/**
 * The one clock every Fulcrum component measures time with: a monotonic reading for intervals, deadlines and
 * schedules, and the wall clock for what is stored and shown. Injected, so that schedules, ejections and backoff run
 * on a test clock in milliseconds instead of real seconds, as HikariCP's housekeeper runs on its one clock source.
 *
 * <p>Jetty's own timing (idle timeouts, the client's request deadlines, request begin times) stays on
 * {@link System#nanoTime()}, which the system source reads too.
 */
public interface TimeSource {

    /** The real clocks: {@link System#nanoTime()} and the UTC wall clock. */
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };

    /** A monotonic reading in nanoseconds, meaningful only as the difference of two readings. */
    long nanoTime();

    /** Milliseconds since the epoch, by the wall clock. */
    long epochMillis();

    /** The wall clock's instant. */
    Instant now();

    /** Whole seconds since the epoch, by the wall clock. */
    default long epochSecond() {
        return epochMillis() / 1000;
    }
}
