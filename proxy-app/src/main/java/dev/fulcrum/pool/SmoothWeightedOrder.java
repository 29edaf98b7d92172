package dev.fulcrum.pool;

/**
 * The order in which smooth weighted round-robin visits the members of a routing table, as nginx computes it: each
 * turn every member's current weight grows by its weight, the largest (the first of equals) is chosen and loses the
 * total. Weights 5, 1, 1 give {@code a a b a c a a}, not {@code a a a a a b c}: the heavy member's turns are spread
 * out, so no backend gets a burst.
 *
 * <p>nginx does this under a lock on every request; here the whole cycle is computed once, when the table is built, and
 * request threads step through it with one atomic counter. Weights are divided by their greatest common divisor first,
 * and scaled down to a cycle of at most {@link #MAX_LENGTH} turns (rounding each share to the nearest turn, at least
 * one), which keeps the table small whatever the weights.
 */
final class SmoothWeightedOrder {

    static final int MAX_LENGTH = 1 << 16;

    private SmoothWeightedOrder() {
    }

    /** The cycle of member indexes for members with these weights, each above zero. */
    static int[] of(int[] weights) {
        int[] reduced = reduced(weights);
        long total = 0;
        for (int weight : reduced) {
            total += weight;
        }
        int[] order = new int[(int) total];
        long[] current = new long[reduced.length];
        for (int turn = 0; turn < order.length; turn++) {
            int best = 0;
            for (int i = 0; i < reduced.length; i++) {
                current[i] += reduced[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            order[turn] = best;
        }
        return order;
    }

    /** The weights divided by their greatest common divisor, then scaled to fit {@link #MAX_LENGTH}. */
    static int[] reduced(int[] weights) {
        int gcd = 0;
        long total = 0;
        for (int weight : weights) {
            if (weight <= 0) {
                throw new IllegalArgumentException("weights must be above zero: " + weight);
            }
            gcd = gcd(gcd, weight);
            total += weight;
        }
        int[] reduced = new int[weights.length];
        int room = MAX_LENGTH - weights.length;
        boolean fits = total / gcd <= room;
        for (int i = 0; i < weights.length; i++) {
            reduced[i] = fits ? weights[i] / gcd : (int) Math.max(1, Math.round(weights[i] * (double) room / total));
        }
        return reduced;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
