package dev.fulcrum.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link TimeSource} that stands still until a test moves it: both readings move together, by exactly as much. */
public final class ManualTime implements TimeSource {

    /** Far from zero, so that no code can mistake a reading for "never". */
    private static final long ORIGIN_NANOS = 1_000_000_000_000L;

    private final Instant start;
    private final AtomicLong elapsedNanos = new AtomicLong();

    public ManualTime(Instant start) {
        this.start = start;
    }

    public ManualTime() {
        this(Instant.parse("2026-06-01T12:00:00Z"));
    }

    /** Moves both clocks forward. */
    public ManualTime advance(Duration by) {
        elapsedNanos.addAndGet(by.toNanos());
        return this;
    }

    @Override
    public long nanoTime() {
        return ORIGIN_NANOS + elapsedNanos.get();
    }

    @Override
    public long epochMillis() {
        return now().toEpochMilli();
    }

    @Override
    public Instant now() {
        return start.plusNanos(elapsedNanos.get());
    }
}
