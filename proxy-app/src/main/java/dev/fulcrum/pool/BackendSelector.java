package dev.fulcrum.pool;

/**
 * Chooses the backend for one attempt of one request. Implementations are called on request threads, concurrently,
 * so they must be lock-free and must not allocate per call.
 *
 * <p>The {@code tried} argument lets a retry skip the backends the request already failed on without a per-request
 * collection: it holds at most {@link Attempts#MAX} backend ids.
 */
public interface BackendSelector {

    /** Returns a routable backend not in {@code tried}, or {@code null} when there is none. */
    Backend select(RoutingTable table, Attempts tried);
}
