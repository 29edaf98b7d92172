package dev.fulcrum.pool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Smooth weighted round-robin: one shared counter steps through the table's {@link SmoothWeightedOrder} cycle, one
 * turn per selection, so weights 5, 1, 1 give {@code a a b a c a a} and equal weights the plain rotation. The counter
 * outlives table swaps, so a new table simply continues the rotation over its own cycle. A retry walks on from the
 * next turn and skips backends the request already tried.
 */
public final class RoundRobinSelector implements BackendSelector {

    private final AtomicLong next = new AtomicLong();

    @Override
    public Route select(RoutingTable table, long key, Attempts tried) {
        int[] order = table.order();
        if (order.length == 0) {
            return null;
        }
        int start = (int) Math.floorMod(next.getAndIncrement(), (long) order.length);
        // A weight far above the others fills most turns; past a few rounds' worth, any untried member will do.
        int turns = Math.min(order.length, 2 * table.size() + 1);
        for (int i = 0; i < turns; i++) {
            Route candidate = table.route(order[(start + i) % order.length]);
            if (!Attempts.tried(tried, candidate)) {
                return candidate;
            }
        }
        return table.firstUntried(order[start], tried);
    }
}
