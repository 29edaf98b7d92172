package dev.fulcrum.pool;

/**
 * Chooses the route for each attempt by the algorithm of the table it is given, so that an algorithm changed at run
 * time applies from the next table on. One per balancer: its round-robin counter is shared by every request. A
 * sticky cookie is looked up by the caller first ({@link RoutingTable#stickyRoute}).
 */
public final class Balancer {

    private final RoundRobinSelector roundRobin = new RoundRobinSelector();
    private final LeastRequestsSelector leastRequests = new LeastRequestsSelector();
    private final HashSelector hash = new HashSelector();

    /** A route for a request without a hash key: with {@code hash}, that request goes round-robin. */
    public Route select(RoutingTable table, Attempts tried) {
        if (table.settings().algorithm() == Algorithm.LEAST_REQUESTS) {
            return leastRequests.select(table, 0, tried);
        }
        return roundRobin.select(table, 0, tried);
    }

    /** A route for a request whose hash key hashes to {@code key}; other algorithms than {@code hash} ignore it. */
    public Route select(RoutingTable table, long key, Attempts tried) {
        if (table.settings().algorithm() == Algorithm.HASH) {
            return hash.select(table, key, tried);
        }
        return select(table, tried);
    }
}
