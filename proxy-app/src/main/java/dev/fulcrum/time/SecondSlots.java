package dev.fulcrum.time;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A ring of one-second slots, each holding a few counters, for rates over the last seconds: the traffic view's five
 * minutes, the retry budget's window and each backend's last minute of requests.
 *
 * <p>Adding to the slot of a second claims it first if it still holds an older second, which clears its counters.
 * Lock-free and allocation-free; an add that races a slot's claim may be lost, which a rate or a budget tolerates.
 */
public final class SecondSlots {

    private final int seconds;
    private final int counters;
    private final AtomicLongArray stamps;
    private final AtomicLongArray counts;

    /** @param counters how many counters each second holds, numbered from 0 */
    public SecondSlots(int seconds, int counters) {
        this.seconds = seconds;
        this.counters = counters;
        this.stamps = new AtomicLongArray(seconds);
        this.counts = new AtomicLongArray(seconds * counters);
    }

    /** Adds one to {@code counter} of {@code epochSecond}. */
    public void increment(long epochSecond, int counter) {
        counts.incrementAndGet(claim(epochSecond) * counters + counter);
    }

    /** The count of {@code counter} in {@code epochSecond}, or 0 when the ring holds a newer second in its place. */
    public long get(long epochSecond, int counter) {
        int slot = slot(epochSecond);
        return stamps.get(slot) == epochSecond ? counts.get(slot * counters + counter) : 0;
    }

    /** The sum of {@code counter} over the {@code window} seconds up to and including {@code nowEpochSecond}. */
    public long sum(long nowEpochSecond, int window, int counter) {
        long sum = 0;
        for (long s = nowEpochSecond - window + 1; s <= nowEpochSecond; s++) {
            sum += get(s, counter);
        }
        return sum;
    }

    private int claim(long epochSecond) {
        int slot = slot(epochSecond);
        long stamp = stamps.get(slot);
        if (stamp != epochSecond && stamps.compareAndSet(slot, stamp, epochSecond)) {
            for (int c = 0; c < counters; c++) {
                counts.set(slot * counters + c, 0);
            }
        }
        return slot;
    }

    private int slot(long epochSecond) {
        return (int) Math.floorMod(epochSecond, (long) seconds);
    }
}
