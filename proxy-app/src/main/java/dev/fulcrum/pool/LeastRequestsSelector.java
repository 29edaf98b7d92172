package dev.fulcrum.pool;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Least requests by the power of two random choices, as Envoy's: two backends are drawn at random, each with a chance
 * in proportion to its weight (a random turn of the smooth round-robin cycle), and the one with fewer requests in
 * flight per unit of weight wins; equal loads go to the first drawn. So idle backends share traffic by weight, and a
 * backend that answers slowly, whose requests pile up, loses most draws. Reading two counters costs no lock, and
 * two choices avoid the herd that always taking the single least loaded backend sends to it.
 */
public final class LeastRequestsSelector implements BackendSelector {

    /** Draws to find a member the request has not tried, before scanning for one. */
    private static final int DRAWS = 4;

    @Override
    public Route select(RoutingTable table, long key, Attempts tried) {
        if (table.isEmpty()) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Route first = draw(table, tried, random);
        if (first == null) {
            return table.firstUntried(random.nextInt(table.size()), tried);
        }
        Route second = draw(table, tried, random);
        if (second == first) {
            second = draw(table, tried, random);
        }
        return second == null || second == first || lighter(first, second) ? first : second;
    }

    /** Whether {@code a} carries no more requests in flight per unit of weight than {@code b}. */
    static boolean lighter(Route a, Route b) {
        return (long) a.load().inFlight() * b.weight() <= (long) b.load().inFlight() * a.weight();
    }

    private static Route draw(RoutingTable table, Attempts tried, ThreadLocalRandom random) {
        int[] order = table.order();
        for (int i = 0; i < DRAWS; i++) {
            Route candidate = table.route(order[random.nextInt(order.length)]);
            if (!Attempts.tried(tried, candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
