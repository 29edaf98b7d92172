package dev.fulcrum.pool;

import static dev.fulcrum.pool.Backends.backend;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every algorithm promises: only routable backends, never one the request tried, nothing from an empty table. */
class SelectorsTest {

    static Stream<Arguments> algorithms() {
        return Stream.of(
                Arguments.of(new BalancerSettings(Algorithm.ROUND_ROBIN, null, null, null), new RoundRobinSelector()),
                Arguments.of(new BalancerSettings(Algorithm.LEAST_REQUESTS, null, null, null),
                        new LeastRequestsSelector()),
                Arguments.of(new BalancerSettings(Algorithm.HASH, HashOn.parse("header:X-User"), null, null),
                        new HashSelector()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void aRetryNeverGoesBackToATriedBackendAndTheyRunOut(BalancerSettings settings, BackendSelector selector) {
        RoutingTable table = Backends.pool(4, settings).routingTable();
        for (int key = 0; key < 200; key++) {
            Attempts attempts = new Attempts();
            List<Long> chosen = new ArrayList<>();
            for (int attempt = 0; attempt < 4; attempt++) {
                Route route = selector.select(table, HashKeys.of(key), attempts);
                assertThat(attempts.contains(route.backend())).as("key %d, attempt %d after %s", key, attempt, chosen)
                        .isFalse();
                attempts.add(route.backend());
                chosen.add(route.backend().id());
            }
            assertThat(chosen).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
            assertThat(selector.select(table, HashKeys.of(key), attempts)).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void anEmptyTableSelectsNothing(BalancerSettings settings, BackendSelector selector) {
        BackendPool pool = new BackendPool();
        pool.configure(settings);
        assertThat(selector.select(pool.routingTable(), HashKeys.of("k"), new Attempts())).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void onlyRoutableBackendsAreChosen(BalancerSettings settings, BackendSelector selector) {
        BackendPool pool = new BackendPool();
        pool.configure(settings);
        Backend disabled = new Backend(2, "b2", backend(2).url(), 1, false);
        pool.replaceAll(List.of(backend(1), disabled, backend(3, 0), backend(4).withDraining(true), backend(5)));
        pool.reportHealth(backend(5), new BackendHealth(HealthState.DOWN, null, -1, "connection refused"));

        assertThat(Backends.shares(selector, pool.routingTable(), 100)).containsOnlyKeys(1L);

        pool.reportHealth(backend(5), new BackendHealth(HealthState.UP, null, 3, null));
        pool.put(backend(4));
        assertThat(Backends.shares(selector, pool.routingTable(), 1000)).containsOnlyKeys(1L, 4L, 5L);
    }

    @Test
    void theRoutingTableSaysWhichBackendsAreRoutable() {
        BackendPool pool = new BackendPool();
        pool.replaceAll(List.of(backend(1), backend(2).withDraining(true), backend(3)));
        assertThat(pool.routingTable().backends()).extracting(Backend::id).containsExactly(1L, 3L);
    }

    @Test
    void healthOfARemovedBackendIsForgotten() {
        BackendPool pool = new BackendPool();
        pool.replaceAll(List.of(backend(1)));
        pool.remove(1);
        pool.reportHealth(backend(1), new BackendHealth(HealthState.UP, null, 1, null));
        assertThat(pool.health(1)).isEqualTo(BackendHealth.UNCHECKED);
        assertThat(pool.routingTable().isEmpty()).isTrue();
    }
}
