package dev.fulcrum.pool;

import static dev.fulcrum.pool.Backends.backend;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundRobinSelectorTest {

    private final BackendPool pool = new BackendPool();
    private final RoundRobinSelector selector = new RoundRobinSelector();

    private List<Long> picks(int count) {
        List<Long> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picked.add(selector.select(pool.routingTable(), 0, null).backend().id());
        }
        return picked;
    }

    @Test
    void equalWeightsCycleThroughTheTableInOrder() {
        pool.replaceAll(List.of(backend(1), backend(2), backend(3)));
        assertThat(picks(7)).containsExactly(1L, 2L, 3L, 1L, 2L, 3L, 1L);
    }

    @Test
    void weightsFiveOneOneAreSpreadOutAsNginxDoes() {
        pool.replaceAll(List.of(backend(1, 5), backend(2, 1), backend(3, 1)));
        assertThat(picks(14)).containsExactly(1L, 1L, 2L, 1L, 3L, 1L, 1L, 1L, 1L, 2L, 1L, 3L, 1L, 1L);
    }

    @Test
    void weightsOneTwoThreeGetASixthATwoSixthsAndAHalf() {
        pool.replaceAll(List.of(backend(1, 1), backend(2, 2), backend(3, 3)));
        Map<Long, Integer> shares = Backends.shares(selector, pool.routingTable(), 600);
        assertThat(shares).containsExactlyInAnyOrderEntriesOf(Map.of(1L, 100, 2L, 200, 3L, 300));
    }

    @Test
    void aWeightChangeReachesTheNextSelection() {
        pool.replaceAll(List.of(backend(1), backend(2)));
        pool.put(backend(2, 3));
        Map<Long, Integer> shares = Backends.shares(selector, pool.routingTable(), 400);
        assertThat(shares).containsExactlyInAnyOrderEntriesOf(Map.of(1L, 100, 2L, 300));
    }

    @Test
    void aRetryAfterAHeavyBackendFailedFindsALightOne() {
        pool.replaceAll(List.of(backend(1, 1000), backend(2, 1)));
        Attempts attempts = new Attempts();
        attempts.add(backend(1));
        for (int i = 0; i < 50; i++) {
            assertThat(selector.select(pool.routingTable(), 0, attempts).backend().id()).isEqualTo(2L);
        }
    }
}
