package dev.fulcrum.metrics;

/**
 * One backend's counters at one moment, or the difference of two such moments, as a flat {@code long[]}: the
 * requests by status class, the requests timed, each latency bucket's cumulative count and the retries. Flat, so a
 * {@link TrafficWindow} keeps its samples in arrays it reuses.
 */
final class TrafficSample {

    /** Status classes 1xx to 5xx at indexes 0 to 4. */
    static final int CLASSES = 5;
    static final int TIMED = CLASSES;
    static final int BUCKETS = TIMED + 1;
    static final int RETRIES = BUCKETS + LatencyBuckets.BOUNDS_NANOS.length;
    static final int SIZE = RETRIES + 1;

    private TrafficSample() {
    }

    /** The index of the counter of a status's class; a status outside 100-599 counts with the nearest class. */
    static int classOf(int status) {
        return Math.min(CLASSES - 1, Math.max(0, status / 100 - 1));
    }

    /** The requests counted in {@code sample}, in all classes. */
    static long requests(long[] sample) {
        long requests = 0;
        for (int c = 0; c < CLASSES; c++) {
            requests += sample[c];
        }
        return requests;
    }

    /** The {@code q} quantile of the latencies in {@code sample}, in milliseconds; null when none was timed. */
    static Double quantileMillis(long[] sample, double q) {
        long[] cumulative = new long[LatencyBuckets.BOUNDS_NANOS.length];
        System.arraycopy(sample, BUCKETS, cumulative, 0, cumulative.length);
        return LatencyBuckets.quantileMillis(cumulative, sample[TIMED], q);
    }

    /** {@code later - earlier}, each counter on its own; a counter that went down (a restart of it) counts from 0. */
    static long[] minus(long[] later, long[] earlier) {
        long[] delta = new long[SIZE];
        for (int i = 0; i < SIZE; i++) {
            delta[i] = later[i] >= earlier[i] ? later[i] - earlier[i] : later[i];
        }
        return delta;
    }

    /** Adds {@code more} into {@code sum}. */
    static void addTo(long[] sum, long[] more) {
        for (int i = 0; i < SIZE; i++) {
            sum[i] += more[i];
        }
    }
}
