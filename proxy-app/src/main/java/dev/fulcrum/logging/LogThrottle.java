package dev.fulcrum.logging;

import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lets one log line through per interval and counts the ones it holds back, for events that a client or a broken
 * backend can repeat at request rate: a line per request would cost the data path a synchronous write each time and
 * bury everything else in the log.
 */
public final class LogThrottle {

    private final TimeSource time;
    private final long intervalNanos;
    private final AtomicLong nextAllowedNanos;
    private final LongAdder held = new LongAdder();

    public LogThrottle(Duration interval, TimeSource time) {
        this.time = time;
        this.intervalNanos = interval.toNanos();
        this.nextAllowedNanos = new AtomicLong(time.nanoTime());
    }

    /**
     * Whether a line may be logged now; if not, it is counted.
     *
     * @return -1 when the line must be dropped, otherwise how many were dropped since the last one let through
     */
    public long tryLog() {
        long now = time.nanoTime();
        long next = nextAllowedNanos.get();
        if (now - next < 0 || !nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
            held.increment();
            return -1;
        }
        return held.sumThenReset();
    }

    /**
     * The end of a line let through after {@code heldBack} were held, {@code " (3 more WHAT since the last such
     * line)"}, or nothing when none were.
     */
    public static String heldBack(long heldBack, String what) {
        return heldBack == 0 ? "" : " (" + heldBack + " more " + what + " since the last such line)";
    }

    /** A line was just logged outside the throttle: the next one waits a whole interval, and nothing is held. */
    public void restart() {
        nextAllowedNanos.set(time.nanoTime() + intervalNanos);
        held.reset();
    }
}
