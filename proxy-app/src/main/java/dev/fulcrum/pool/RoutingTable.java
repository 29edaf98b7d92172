package dev.fulcrum.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable view of the backends that may receive traffic right now, with everything each algorithm needs to
 * choose among them, computed when the table is built: the smooth weighted round-robin cycle, the hash ring (for
 * {@link Algorithm#HASH}) and the sticky tokens (with a sticky cookie).
 *
 * <p>Request threads read one of these from {@link BackendPool#routingTable()} and never see it change under them;
 * the control plane builds a new one and swaps it in. Arrays keep selection free of iterators and allocation.
 */
public final class RoutingTable {

    static final RoutingTable EMPTY = new RoutingTable(new Route[0], BalancerSettings.DEFAULTS);

    private final Route[] routes;
    private final BalancerSettings settings;
    private final int[] order;
    private final HashRing ring;
    private final long[] tokens;
    private final int[] tokenRoutes;

    /** @param routes the routable backends, in id order, each with its weight in this table */
    RoutingTable(Route[] routes, BalancerSettings settings) {
        this.routes = routes;
        this.settings = settings;
        int[] weights = new int[routes.length];
        for (int i = 0; i < routes.length; i++) {
            weights[i] = routes[i].weight();
        }
        this.order = routes.length == 0 ? new int[0] : SmoothWeightedOrder.of(weights);
        this.ring = settings.algorithm() == Algorithm.HASH && routes.length > 0 ? HashRing.of(routes) : null;
        if (settings.stickyCookie() != null) {
            Integer[] byToken = new Integer[routes.length];
            Arrays.setAll(byToken, i -> i);
            Arrays.sort(byToken, Comparator.comparingLong(i -> routes[i].token()));
            this.tokens = new long[routes.length];
            this.tokenRoutes = new int[routes.length];
            for (int i = 0; i < byToken.length; i++) {
                tokens[i] = routes[byToken[i]].token();
                tokenRoutes[i] = byToken[i];
            }
        } else {
            this.tokens = null;
            this.tokenRoutes = null;
        }
    }

    public BalancerSettings settings() {
        return settings;
    }

    public int size() {
        return routes.length;
    }

    public boolean isEmpty() {
        return routes.length == 0;
    }

    public Route route(int index) {
        return routes[index];
    }

    /** The routable backends, in id order. */
    public List<Backend> backends() {
        List<Backend> backends = new ArrayList<>(routes.length);
        for (Route route : routes) {
            backends.add(route.backend());
        }
        return backends;
    }

    /** The route whose sticky token this is, or null when no routable backend has it (or there is no cookie). */
    public Route stickyRoute(long token) {
        if (tokens == null) {
            return null;
        }
        int found = Arrays.binarySearch(tokens, token);
        return found < 0 ? null : routes[tokenRoutes[found]];
    }

    /** The smooth weighted round-robin cycle, as route indexes. */
    int[] order() {
        return order;
    }

    /** The hash ring, or null unless the algorithm is {@code hash}. */
    HashRing ring() {
        return ring;
    }

    /**
     * The first route not in {@code tried}, looking from {@code start} on: the last resort of every selector, once
     * its own way of choosing found only backends the request already tried.
     */
    Route firstUntried(int start, Attempts tried) {
        for (int i = 0; i < routes.length; i++) {
            Route candidate = routes[(start + i) % routes.length];
            if (!Attempts.tried(tried, candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
