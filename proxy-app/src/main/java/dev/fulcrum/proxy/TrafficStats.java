package dev.fulcrum.proxy;

import dev.fulcrum.time.SecondSlots;
import dev.fulcrum.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * Requests and 5xx answers per second over the last five minutes, kept in memory for the admin page's traffic view,
 * and every client request since start by the status class it got, for the metrics: those Jetty answered itself and
 * those with no backend to go to included.
 *
 * <p>Counted in {@link SecondSlots} and adders: lock-free and allocation-free on the request path.
 */
public final class TrafficStats implements RequestLog {

    /** One second of traffic. */
    public record Second(long epochSecond, long requests, long errors) {
    }

    static final int SECONDS = 300;
    private static final int REQUESTS = 0;
    private static final int ERRORS = 1;

    private final TimeSource time;
    private final SecondSlots slots = new SecondSlots(SECONDS, 2);
    /** Status classes 1xx to 5xx, since start. */
    private final LongAdder[] byClass = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
        new LongAdder()};

    public TrafficStats(TimeSource time) {
        this.time = time;
    }

    @Override
    public void log(Request request, Response response) {
        record(response.getStatus(), time.epochSecond());
    }

    void record(int status, long epochSecond) {
        slots.increment(epochSecond, REQUESTS);
        byClass[Math.min(4, Math.max(0, status / 100 - 1))].increment();
        if (status >= 500) {
            slots.increment(epochSecond, ERRORS);
        }
    }

    /** Client requests since start whose status was in {@code hundreds}xx (1 to 5; others count with the nearest). */
    public long requests(int hundreds) {
        return byClass[hundreds - 1].sum();
    }

    /** The last five minutes up to and including {@code nowEpochSecond}, oldest first; quiet seconds count zero. */
    public List<Second> lastMinutes(long nowEpochSecond) {
        List<Second> seconds = new ArrayList<>(SECONDS);
        for (long s = nowEpochSecond - SECONDS + 1; s <= nowEpochSecond; s++) {
            seconds.add(new Second(s, slots.get(s, REQUESTS), slots.get(s, ERRORS)));
        }
        return seconds;
    }
}
