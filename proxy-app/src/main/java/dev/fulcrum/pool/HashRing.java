package dev.fulcrum.pool;

import java.util.Arrays;

/**
 * Consistent hashing for the {@link Algorithm#HASH hash} algorithm: a ring of points, each owned by one member of a
 * routing table; a key belongs to the owner of the first point at or after the key's hash (Karger's ring, as ketama
 * and Envoy's ring hash).
 *
 * <p>A member's points depend only on its own token and weight: {@link #POINTS_PER_WEIGHT} per unit of weight, at
 * positions drawn from its token. So when a member leaves, only the keys on its points move, and when it joins, it
 * takes only keys; a member ramping up (slow start) gains points one by one. Only past {@link #MAX_POINTS} points in
 * all (a total weight over 128) are the points per unit scaled down to fit, and a change of the total then moves a
 * few more keys.
 *
 * <p>Each point is a 64-bit position whose low bits are replaced by its owner's index, so one sorted {@code long[]}
 * holds both; the ring is cut into {@code 2^k} buckets by the top bits, and a lookup searches only its bucket.
 * Lookups are lock-free and allocation-free.
 */
final class HashRing {

    static final int POINTS_PER_WEIGHT = 1024;
    static final int MAX_POINTS = 1 << 17;

    private final long[] points;
    private final long ownerMask;
    private final int bucketShift;
    private final int[] bucketStart;

    /** The ring of these routes, each with points for its weight in the table. */
    static HashRing of(Route[] routes) {
        long configured = 0;
        for (Route route : routes) {
            configured += route.backend().weight();
        }
        int perWeight = (int) Math.min(POINTS_PER_WEIGHT, MAX_POINTS / Math.max(1, configured));
        int ownerBits = 64 - Long.numberOfLeadingZeros(Math.max(1, routes.length - 1));
        long ownerMask = (1L << ownerBits) - 1;
        long[] counts = new long[routes.length];
        long total = 0;
        for (int i = 0; i < routes.length; i++) {
            counts[i] = Math.max(1, Math.round(perWeight * (double) routes[i].weight() / Route.WEIGHT_UNIT));
            total += counts[i];
        }
        long[] points = new long[(int) total];
        int next = 0;
        for (int i = 0; i < routes.length; i++) {
            long seed = routes[i].token();
            for (long replica = 0; replica < counts[i]; replica++) {
                points[next++] = (HashKeys.mix(seed + replica * 0x9E3779B97F4A7C15L) & ~ownerMask) | i;
            }
        }
        Arrays.sort(points);
        return new HashRing(points, ownerMask);
    }

    private HashRing(long[] points, long ownerMask) {
        this.points = points;
        this.ownerMask = ownerMask;
        int bucketBits = Math.max(1, Math.min(16, 31 - Integer.numberOfLeadingZeros(Math.max(1, points.length))));
        this.bucketShift = 64 - bucketBits;
        this.bucketStart = new int[(1 << bucketBits) + 1];
        int point = 0;
        for (int bucket = 0; bucket <= 1 << bucketBits; bucket++) {
            while (point < points.length && bucket(points[point]) < bucket) {
                point++;
            }
            bucketStart[bucket] = point;
        }
    }

    int size() {
        return points.length;
    }

    /** The position of the first point at or after {@code hash}, going round past the end. */
    int position(long hash) {
        int bucket = bucket(hash);
        int low = bucketStart[bucket];
        int high = bucketStart[bucket + 1];
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (points[middle] < hash) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low == points.length ? 0 : low;
    }

    /** The index, in the routing table, of the member owning the point at {@code position}. */
    int owner(int position) {
        return (int) (points[position] & ownerMask);
    }

    /** The bucket of a position: its top bits, read so that bucket order is the points' (signed) sort order. */
    private int bucket(long position) {
        return (int) ((position ^ Long.MIN_VALUE) >>> bucketShift);
    }
}
