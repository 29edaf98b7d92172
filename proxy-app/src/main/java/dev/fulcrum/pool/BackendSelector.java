package dev.fulcrum.pool;

/**
 * Chooses the route for one attempt of one request. Implementations are called on request threads, concurrently,
 * so they must be lock-free and must not allocate per call.
 *
 * <p>The {@code tried} argument lets a retry skip the backends the request already failed on without a per-request
 * collection: it holds at most {@link Attempts#MAX} backend ids, and may be null for a first attempt.
 */
public interface BackendSelector {

    /**
     * Returns a route of {@code table} not in {@code tried}, or {@code null} when there is none.
     *
     * @param key the request's hash key, for selectors that use one
     */
    Route select(RoutingTable table, long key, Attempts tried);
}
