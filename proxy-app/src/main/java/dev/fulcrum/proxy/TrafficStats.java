package dev.fulcrum.proxy;

import dev.fulcrum.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * Requests and 5xx answers per second over the last five minutes, kept in memory for the admin page's traffic view.
 *
 * <p>A ring of per-second slots: a request increments the slot of its second, claiming it first if it still holds an
 * older second. Lock-free and allocation-free on the request path; a request that races a slot's claim may be
 * miscounted by one, which a rate display tolerates.
 */
public final class TrafficStats implements RequestLog {

    /** One second of traffic. */
    public record Second(long epochSecond, long requests, long errors) {
    }

    static final int SECONDS = 300;

    private final TimeSource time;
    private final AtomicLongArray stamps = new AtomicLongArray(SECONDS);
    private final AtomicLongArray requests = new AtomicLongArray(SECONDS);
    private final AtomicLongArray errors = new AtomicLongArray(SECONDS);

    public TrafficStats(TimeSource time) {
        this.time = time;
    }

    @Override
    public void log(Request request, Response response) {
        record(response.getStatus(), time.epochSecond());
    }

    void record(int status, long epochSecond) {
        int slot = (int) (epochSecond % SECONDS);
        long stamp = stamps.get(slot);
        if (stamp != epochSecond && stamps.compareAndSet(slot, stamp, epochSecond)) {
            requests.set(slot, 0);
            errors.set(slot, 0);
        }
        requests.incrementAndGet(slot);
        if (status >= 500) {
            errors.incrementAndGet(slot);
        }
    }

    /** The last five minutes up to and including {@code nowEpochSecond}, oldest first; quiet seconds count zero. */
    public List<Second> lastMinutes(long nowEpochSecond) {
        List<Second> seconds = new ArrayList<>(SECONDS);
        for (long s = nowEpochSecond - SECONDS + 1; s <= nowEpochSecond; s++) {
            int slot = (int) (s % SECONDS);
            boolean current = stamps.get(slot) == s;
            seconds.add(new Second(s, current ? requests.get(slot) : 0, current ? errors.get(slot) : 0));
        }
        return seconds;
    }
}
