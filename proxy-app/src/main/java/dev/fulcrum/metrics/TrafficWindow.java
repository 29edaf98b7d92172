package dev.fulcrum.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * One backend's recent traffic, read from its cumulative meters: a sample of them every {@link #STEP_MILLIS}, kept for
 * {@link #KEPT_MILLIS}, so the last minute's figures are now's counters less those of a minute ago, and the chart's
 * steps are the differences of neighbouring samples. The data path is not involved: it only adds to the meters, and
 * the sampler reads them on the control plane.
 *
 * <p>Samples are written by the sampler and read by the admin API; both are rare, so they share a lock.
 */
final class TrafficWindow {

    static final long STEP_MILLIS = 5_000;
    static final long KEPT_MILLIS = 5 * 60_000;
    static final long MINUTE_MILLIS = 60_000;
    /** A step to now shorter than this is left out: a rate over a moment says nothing. */
    static final long SHORTEST_STEP_MILLIS = 1_000;

    /** A difference of two samples, and the time between them. */
    record Delta(long[] values, long millis) {
    }

    private final int capacity = (int) (KEPT_MILLIS / STEP_MILLIS) + 1;
    private final long[] times = new long[capacity];
    private final long[][] samples = new long[capacity][TrafficSample.SIZE];
    private final long beganMillis;
    private int newest = -1;
    private int size;

    /** @param beganMillis when the meters began counting, all at zero */
    TrafficWindow(long beganMillis) {
        this.beganMillis = beganMillis;
    }

    /** Keeps {@code sample}, taken at {@code atMillis}, in place of the oldest one once the window is full. */
    synchronized void add(long atMillis, long[] sample) {
        newest = (newest + 1) % capacity;
        times[newest] = atMillis;
        System.arraycopy(sample, 0, samples[newest], 0, TrafficSample.SIZE);
        size = Math.min(capacity, size + 1);
    }

    /**
     * What {@code current} (the counters at {@code nowMillis}) adds to the newest sample that is at least
     * {@code windowMillis} old; to zero when there is none, the meters being younger than that or the sampler not
     * having kept one.
     */
    synchronized Delta last(long nowMillis, long[] current, long windowMillis) {
        for (int i = 0; i < size; i++) {
            int slot = Math.floorMod(newest - i, capacity);
            if (nowMillis - times[slot] >= windowMillis) {
                return new Delta(TrafficSample.minus(current, samples[slot]), nowMillis - times[slot]);
            }
        }
        return new Delta(current.clone(), Math.max(0, nowMillis - beganMillis));
    }

    /**
     * The steps between the kept samples, oldest first, then the step from the newest one to {@code current} unless
     * that is shorter than {@link #SHORTEST_STEP_MILLIS}.
     */
    synchronized List<TrafficStep> steps(long nowMillis, long[] current) {
        List<TrafficStep> steps = new ArrayList<>(size + 1);
        long previousTime = beganMillis;
        long[] previous = new long[TrafficSample.SIZE];
        for (int i = size - 1; i >= 0; i--) {
            int slot = Math.floorMod(newest - i, capacity);
            if (i == size - 1 && size == capacity) {
                // The oldest kept sample is only the start of the first step.
                previousTime = times[slot];
                previous = samples[slot];
                continue;
            }
            steps.add(TrafficStep.of(previousTime, times[slot], TrafficSample.minus(samples[slot], previous)));
            previousTime = times[slot];
            previous = samples[slot];
        }
        if (nowMillis - previousTime >= SHORTEST_STEP_MILLIS) {
            steps.add(TrafficStep.of(previousTime, nowMillis, TrafficSample.minus(current, previous)));
        }
        return steps;
    }
}
