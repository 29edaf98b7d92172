package dev.fulcrum.pool;

import dev.fulcrum.time.SecondSlots;
import dev.fulcrum.time.TimeSource;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend's live traffic: the requests it has in flight and the requests sent to it in each of the last 60
 * seconds. The {@link BackendPool} keeps one per backend id across routing-table rebuilds, and every table's
 * {@link Route} refers to it, so the data path counts without a lookup.
 *
 * <p>An attempt {@link #begin begins} when a request is sent to the backend and {@link #end ends} when the next
 * attempt begins elsewhere or the client's exchange is over. Lock-free and allocation-free.
 */
public final class BackendLoad {

    /** The window of {@link #lastMinute()}. */
    public static final int WINDOW_SECONDS = 60;

    private final TimeSource time;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final SecondSlots sent = new SecondSlots(WINDOW_SECONDS, 1);

    public BackendLoad(TimeSource time) {
        this.time = time;
    }

    /** A request is sent to this backend. */
    public void begin() {
        inFlight.incrementAndGet();
        sent.increment(time.epochSecond(), 0);
    }

    /** A request sent to this backend is done with it, answered or not. */
    public void end() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Requests sent to this backend in the last {@value #WINDOW_SECONDS} seconds, this one included. */
    public long lastMinute() {
        return sent.sum(time.epochSecond(), WINDOW_SECONDS, 0);
    }
}
