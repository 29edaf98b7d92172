package dev.fulcrum.proxy;

import dev.fulcrum.pool.Algorithm;
import dev.fulcrum.pool.Balancer;
import dev.fulcrum.pool.BalancerSettings;
import dev.fulcrum.pool.HashKeys;
import dev.fulcrum.pool.Route;
import dev.fulcrum.pool.RoutingTable;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Chooses the backend for each attempt of a client request, by the settings of the routing table it reads: the
 * backend the client's sticky cookie names while it is routable and untried, otherwise the {@link Balancer}'s
 * algorithm, given the request's hash key ({@link RequestKeys}) when the algorithm is {@code hash}. Nothing here locks
 * or allocates.
 */
final class BackendChoice {

    private final Balancer balancer;

    BackendChoice(Balancer balancer) {
        this.balancer = balancer;
    }

    /** The route for the next attempt of this exchange, or null when every routable backend was tried. */
    Route next(RoutingTable table, HttpServletRequest request, ProxyExchange exchange) {
        BalancerSettings settings = table.settings();
        if (settings.stickyCookie() != null) {
            if (exchange.attempts().count() == 0) {
                exchange.stickyTokenRead(StickyCookie.token(request, settings.stickyCookie()));
            }
            Route stuck = table.stickyRoute(exchange.stickyToken());
            if (stuck != null && !exchange.attempts().contains(stuck.backend())) {
                return stuck;
            }
        }
        if (settings.algorithm() == Algorithm.HASH) {
            long key = RequestKeys.of(request, settings.hashOn());
            if (key != HashKeys.NONE) {
                return balancer.select(table, key, exchange.attempts());
            }
        }
        return balancer.select(table, exchange.attempts());
    }
}
