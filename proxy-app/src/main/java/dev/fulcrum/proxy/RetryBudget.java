package dev.fulcrum.proxy;

import dev.fulcrum.time.SecondSlots;
import dev.fulcrum.time.TimeSource;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps retries from amplifying the load on a sick cluster: over the last {@link RetrySettings#BUDGET_WINDOW},
 * retries may add at most {@code percent} to the client requests, plus {@link RetrySettings#BUDGET_FLOOR_PER_SECOND}
 * per second so that light traffic always gets its retries (Finagle's and Envoy's retry budgets).
 *
 * <p>Counted in {@link SecondSlots}, as {@link TrafficStats} is: recording a request is one atomic increment; a retry
 * sums the window, which is only paid when something already failed. Concurrent retries may overshoot the budget by
 * the number of threads racing for its last unit, which a budget tolerates.
 */
public final class RetryBudget {

    private static final int SLOTS = (int) RetrySettings.BUDGET_WINDOW.toSeconds();

    private final int percent;
    private final TimeSource time;
    private static final int REQUESTS = 0;
    private static final int RETRIES = 1;

    private final SecondSlots slots = new SecondSlots(SLOTS, 2);
    private final LongAdder granted = new LongAdder();
    private final LongAdder refused = new LongAdder();

    public RetryBudget(int percent, TimeSource time) {
        this.percent = percent;
        this.time = time;
    }

    /** A client request arrived; it deposits its share of retries into the budget. */
    public void recordRequest() {
        slots.increment(time.epochSecond(), REQUESTS);
    }

    /** Takes one retry from the budget if there is one left; either way it is counted. */
    public boolean tryRetry() {
        long now = time.epochSecond();
        long requestsInWindow = slots.sum(now, SLOTS, REQUESTS);
        long retriesInWindow = slots.sum(now, SLOTS, RETRIES);
        long allowed = requestsInWindow * percent / 100 + (long) RetrySettings.BUDGET_FLOOR_PER_SECOND * SLOTS;
        if (retriesInWindow >= allowed) {
            refused.increment();
            return false;
        }
        slots.increment(now, RETRIES);
        granted.increment();
        return true;
    }

    /** Retries made since start. */
    public long retries() {
        return granted.sum();
    }

    /** Retries that the budget refused since start; each of those failures went to the client. */
    public long refusedRetries() {
        return refused.sum();
    }
}
