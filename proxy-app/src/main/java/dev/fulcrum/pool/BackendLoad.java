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
 *
 * <p>It also carries the backend's {@link TrafficMeter}, set by the pool when it learns of the backend, so that the end
 * of each request is recorded through the route the request already holds.
 */
public final class BackendLoad {

    /** The window of {@link #lastMinute()}. */
    public static final int WINDOW_SECONDS = 60;

    private final TimeSource time;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final SecondSlots sent = new SecondSlots(WINDOW_SECONDS, 1);
    private volatile TrafficMeter meter = TrafficMeter.NONE;

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

    /** Where this backend's finished requests are counted for monitoring. */
    public TrafficMeter meter() {
        return meter;
    }

    void meter(TrafficMeter value) {
        meter = value;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Requests sent to this backend in the last {@value #WINDOW_SECONDS} seconds, this one included. */
    public long lastMinute() {
        return sent.sum(time.epochSecond(), WINDOW_SECONDS, 0);
    }
}
