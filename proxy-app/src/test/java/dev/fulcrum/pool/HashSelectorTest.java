package dev.fulcrum.pool;

import static dev.fulcrum.pool.Backends.backend;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Consistent hashing: one key one backend, only the keys of a backend that leaves move, and an even spread. */
class HashSelectorTest {

    private static final BalancerSettings HASH = new BalancerSettings(Algorithm.HASH, HashOn.parse("header:X-User"),
            null, null);
    private static final int KEYS = 1000;

    private final BackendPool pool = new BackendPool();
    private final HashSelector selector = new HashSelector();

    HashSelectorTest() {
        pool.configure(HASH);
    }

    /** The backend each of the keys user-0 ... user-999 goes to now. */
    private Map<String, Long> placement() {
        Map<String, Long> placed = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            String key = "user-" + i;
            placed.put(key, selector.select(pool.routingTable(), HashKeys.of(key), null).backend().id());
        }
        return placed;
    }

    private static Map<Long, Integer> counts(Map<String, Long> placement) {
        Map<Long, Integer> counts = new HashMap<>();
        placement.values().forEach(id -> counts.merge(id, 1, Integer::sum));
        return counts;
    }

    @Test
    void oneKeyAlwaysReachesOneBackend() {
        pool.replaceAll(List.of(backend(1), backend(2), backend(3), backend(4)));
        Map<String, Long> first = placement();
        for (int round = 0; round < 3; round++) {
            assertThat(placement()).isEqualTo(first);
        }
    }

    @Test
    void aThousandKeysSpreadWithinFifteenPercentOfEven() {
        pool.replaceAll(List.of(backend(1), backend(2), backend(3), backend(4)));
        assertThat(counts(placement()).values()).hasSize(4).allSatisfy(n -> assertThat(n).isBetween(213, 287));
    }

    @Test
    void removingOneOfFourBackendsMovesOnlyItsKeys() {
        pool.replaceAll(List.of(backend(1), backend(2), backend(3), backend(4)));
        Map<String, Long> before = placement();

        pool.remove(3);
        Map<String, Long> after = placement();

        before.forEach((key, id) -> {
            if (id != 3L) {
                assertThat(after.get(key)).as(key).isEqualTo(id);
            }
        });
        assertThat(after).doesNotContainValue(3L);
        assertThat(counts(after).values()).hasSize(3).allSatisfy(n -> assertThat(n).isBetween(283, 383));
    }

    @Test
    void aBackendThatComesBackTakesBackExactlyItsKeys() {
        pool.replaceAll(List.of(backend(1), backend(2), backend(3), backend(4)));
        Map<String, Long> before = placement();
        pool.reportHealth(backend(2), new BackendHealth(HealthState.DOWN, null, -1, "refused"));
        pool.reportHealth(backend(2), new BackendHealth(HealthState.UP, null, 1, null));
        assertThat(placement()).isEqualTo(before);
    }

    @Test
    void aHeavierBackendGetsMoreKeys() {
        pool.replaceAll(List.of(backend(1, 1), backend(2, 3)));
        Map<Long, Integer> counts = counts(placement());
        assertThat(counts.get(2L)).isBetween(650, 850);
    }

    @Test
    void aRetryGoesWhereTheKeyWouldGoWithoutTheTriedBackend() {
        pool.replaceAll(List.of(backend(1), backend(2), backend(3), backend(4)));
        Map<String, Long> withAll = placement();
        pool.remove(3);
        Map<String, Long> withoutThree = placement();
        pool.put(backend(3));

        Attempts tried = new Attempts();
        tried.add(backend(3));
        withAll.forEach((key, id) -> {
            if (id == 3L) {
                assertThat(selector.select(pool.routingTable(), HashKeys.of(key), tried).backend().id()).as(key)
                        .isEqualTo(withoutThree.get(key));
            }
        });
    }
}
