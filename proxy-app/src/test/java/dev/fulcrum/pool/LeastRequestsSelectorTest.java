package dev.fulcrum.pool;

import static dev.fulcrum.pool.Backends.backend;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeastRequestsSelectorTest {

    private static final BalancerSettings LEAST = new BalancerSettings(Algorithm.LEAST_REQUESTS, null, null, null);

    private final BackendPool pool = new BackendPool();
    private final LeastRequestsSelector selector = new LeastRequestsSelector();

    LeastRequestsSelectorTest() {
        pool.configure(LEAST);
    }

    private Route route(long id) {
        RoutingTable table = pool.routingTable();
        for (int i = 0; i < table.size(); i++) {
            if (table.route(i).backend().id() == id) {
                return table.route(i);
            }
        }
        throw new AssertionError("no route " + id);
    }

    private void inFlight(long id, int requests) {
        for (int i = 0; i < requests; i++) {
            route(id).load().begin();
        }
    }

    @ParameterizedTest(name = "{0} in flight at weight {1} vs {2} at weight {3}: first lighter = {4}")
    @CsvSource({
        "0, 1, 0, 1, true",
        "1, 1, 0, 1, false",
        "0, 1, 1, 1, true",
        "2, 2, 1, 1, true",
        "3, 2, 1, 1, false",
        "5, 5, 0, 1, false",
        "10, 3, 3, 1, false",
        "9, 3, 3, 1, true",
    })
    void fewerRequestsInFlightPerUnitOfWeightWins(int aInFlight, int aWeight, int bInFlight, int bWeight,
                                                  boolean aLighter) {
        pool.replaceAll(List.of(backend(1, aWeight), backend(2, bWeight)));
        inFlight(1, aInFlight);
        inFlight(2, bInFlight);
        assertThat(LeastRequestsSelector.lighter(route(1), route(2))).isEqualTo(aLighter);
    }

    @Test
    void aBackendWithRequestsPilingUpLosesAlmostEveryDraw() {
        pool.replaceAll(List.of(backend(1), backend(2), backend(3)));
        inFlight(3, 20);
        inFlight(1, 1);
        Map<Long, Integer> shares = Backends.shares(selector, pool.routingTable(), 3000);
        // Backend 3 wins only when it is drawn three times (second draw, and once more), 1 time in 27: about 111.
        assertThat(shares.getOrDefault(3L, 0)).isLessThan(250);
        assertThat(shares.get(2L)).isGreaterThan(shares.get(1L));
    }

    @Test
    void idleBackendsShareTrafficByWeight() {
        pool.replaceAll(List.of(backend(1, 1), backend(2, 2), backend(3, 3)));
        Map<Long, Integer> shares = Backends.shares(selector, pool.routingTable(), 60_000);
        assertThat(shares.get(1L)).isBetween(9_000, 11_000);
        assertThat(shares.get(2L)).isBetween(19_000, 21_000);
        assertThat(shares.get(3L)).isBetween(29_000, 31_000);
    }

    @Test
    void inFlightCountsSurviveATableRebuild() {
        pool.replaceAll(List.of(backend(1), backend(2)));
        inFlight(1, 4);
        pool.put(backend(2, 3));
        assertThat(route(1).load().inFlight()).isEqualTo(4);
        assertThat(pool.load(1).inFlight()).isEqualTo(4);
        route(1).load().end();
        assertThat(pool.load(1).inFlight()).isEqualTo(3);
    }
}
