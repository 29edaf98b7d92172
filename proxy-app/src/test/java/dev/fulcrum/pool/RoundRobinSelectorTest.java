package dev.fulcrum.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinSelectorTest {

    private static Backend backend(long id) {
        return new Backend(id, "b" + id, URI.create("http://127.0.0.1:" + (5000 + id)), 1, true);
    }

    private final BackendPool pool = new BackendPool();
    private final RoundRobinSelector selector = new RoundRobinSelector();

    @Test
    void cyclesThroughTheTableInOrder() {
        pool.replaceAll(List.of(backend(1), backend(2), backend(3)));
        List<Long> picked = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            picked.add(selector.select(pool.routingTable(), new Attempts()).id());
        }
        assertThat(picked).containsExactly(1L, 2L, 3L, 1L, 2L, 3L, 1L);
    }

    @Test
    void retriesSkipTriedBackendsAndRunOut() {
        pool.replaceAll(List.of(backend(1), backend(2), backend(3)));
        Attempts attempts = new Attempts();
        for (int i = 0; i < 3; i++) {
            Backend b = selector.select(pool.routingTable(), attempts);
            assertThat(attempts.contains(b)).isFalse();
            attempts.add(b);
        }
        assertThat(selector.select(pool.routingTable(), attempts)).isNull();
    }

    @Test
    void downDisabledAndZeroWeightBackendsAreNotRouted() {
        Backend disabled = new Backend(2, "b2", URI.create("http://127.0.0.1:5002"), 1, false);
        Backend drained = new Backend(3, "b3", URI.create("http://127.0.0.1:5003"), 0, true);
        pool.replaceAll(List.of(backend(1), disabled, drained, backend(4)));
        pool.reportHealth(backend(4), new BackendHealth(HealthState.DOWN, null, -1, "connection refused"));

        assertThat(pool.routingTable().backends()).extracting(Backend::id).containsExactly(1L);

        pool.reportHealth(backend(4), new BackendHealth(HealthState.UP, null, 3, null));
        assertThat(pool.routingTable().backends()).extracting(Backend::id).containsExactly(1L, 4L);
    }

    @Test
    void emptyTableSelectsNothing() {
        assertThat(selector.select(pool.routingTable(), new Attempts())).isNull();
    }

    @Test
    void healthOfARemovedBackendIsForgotten() {
        pool.replaceAll(List.of(backend(1)));
        pool.remove(1);
        pool.reportHealth(backend(1), new BackendHealth(HealthState.UP, null, 1, null));
        assertThat(pool.health(1)).isEqualTo(BackendHealth.UNCHECKED);
        assertThat(pool.routingTable().isEmpty()).isTrue();
    }
}
