package dev.fulcrum.pool;

/**
 * Consistent hashing over the table's {@link HashRing}: a key goes to the owner of the first point at or after it, so
 * one key always reaches one backend while the members stay the same, and only about 1/N of the keys move when one of
 * N members leaves or joins. A retry walks on round the ring to the next point whose backend the request has not
 * tried, which is where the key would go were the tried ones gone.
 */
public final class HashSelector implements BackendSelector {

    /** Points walked past before scanning for any untried member (reached only when most members were tried). */
    private static final int MAX_WALK = 64;

    @Override
    public Route select(RoutingTable table, long key, Attempts tried) {
        HashRing ring = table.ring();
        if (ring == null) {
            return null;
        }
        int position = ring.position(key);
        int first = ring.owner(position);
        for (int i = 0; i < Math.min(MAX_WALK, ring.size()); i++) {
            Route candidate = table.route(ring.owner((position + i) % ring.size()));
            if (!Attempts.tried(tried, candidate)) {
                return candidate;
            }
        }
        return table.firstUntried(first, tried);
    }
}
