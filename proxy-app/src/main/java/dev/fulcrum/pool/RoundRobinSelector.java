package dev.fulcrum.pool;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round-robin over the routing table, the original balancer's algorithm.
 *
 * <p>One shared counter, incremented once per selection; the index is taken modulo the current table size, so a
 * table swap simply continues the rotation over the new members. A retry walks forward from the next position and
 * skips backends the request already tried.
 */
public final class RoundRobinSelector implements BackendSelector {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Backend select(RoutingTable table, Attempts tried) {
        int size = table.size();
        if (size == 0) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
            Backend candidate = table.get((start + i) % size);
            if (tried == null || !tried.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
