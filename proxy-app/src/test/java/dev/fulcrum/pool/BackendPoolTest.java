package dev.fulcrum.pool;

import static dev.fulcrum.pool.Backends.backend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.time.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slow start and drains as the pool keeps them, on a test clock stepped as the health checker's ticks step it. */
class BackendPoolTest {

    private static final BackendHealth DOWN = new BackendHealth(HealthState.DOWN, null, -1, "refused");
    private static final BackendHealth UP = new BackendHealth(HealthState.UP, null, 1, null);

    private final ManualTime time = new ManualTime();
    private final BackendPool pool = new BackendPool(time);
    private final RoundRobinSelector selector = new RoundRobinSelector();

    private void slowStart(Duration window) {
        pool.configure(new BalancerSettings(Algorithm.ROUND_ROBIN, null, null, window));
    }

    /** Backend 2's share of the next 1,000 first attempts, in per cent. */
    private double shareOfTwo() {
        Map<Long, Integer> shares = Backends.shares(selector, pool.routingTable(), 1000);
        return shares.getOrDefault(2L, 0) / 10.0;
    }

    /** Moves the clock on and lets the pool step its ramps, as each checker tick does. */
    private void tick(Duration by) {
        time.advance(by);
        pool.advanceRamps();
    }

    @Test
    void aBackendComingUpRampsFromATenthToItsFullShareOverTheWindow() {
        slowStart(Duration.ofSeconds(30));
        pool.replaceAll(List.of(backend(1), backend(2)));
        pool.reportHealth(backend(2), DOWN);
        assertThat(shareOfTwo()).isZero();

        pool.reportHealth(backend(2), UP);
        List<Double> shares = new ArrayList<>();
        shares.add(shareOfTwo());
        for (int step = 0; step < 6; step++) {
            tick(Duration.ofSeconds(6));
            shares.add(shareOfTwo());
        }

        // Weight 1 against 1: a tenth of it is 1/11 of the traffic, half of it 1/3, all of it 1/2.
        assertThat(shares.get(0)).isCloseTo(100 / 11.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(shares).isSortedAccordingTo(Double::compare);
        assertThat(shares.get(3)).isBetween(30.0, 40.0);
        assertThat(shares.get(5)).isEqualTo(50.0);
        assertThat(shares.get(6)).isEqualTo(50.0);
    }

    @Test
    void theTableIsRebuiltOnlyAtEachStep() {
        slowStart(Duration.ofSeconds(20));
        pool.replaceAll(List.of(backend(1)));
        pool.put(backend(2));
        RoutingTable first = pool.routingTable();

        tick(Duration.ofMillis(999));
        assertThat(pool.routingTable()).as("within the first 1 s step").isSameAs(first);
        tick(Duration.ofMillis(1));
        assertThat(pool.routingTable()).isNotSameAs(first);
    }

    @Test
    void addedEnabledAndUndrainedBackendsRampButTheFirstLoadDoesNot() {
        slowStart(Duration.ofSeconds(10));
        pool.replaceAll(List.of(backend(1), backend(2)));
        assertThat(shareOfTwo()).as("first load").isEqualTo(50.0);

        pool.put(backend(2).withDraining(true));
        pool.put(backend(2));
        assertThat(shareOfTwo()).as("drain ended").isLessThan(10.0);

        tick(Duration.ofSeconds(10));
        assertThat(shareOfTwo()).isEqualTo(50.0);
        pool.put(new Backend(2, "b2", backend(2).url(), 1, false));
        pool.put(backend(2));
        assertThat(shareOfTwo()).as("enabled again").isLessThan(10.0);

        pool.remove(2);
        pool.put(backend(2));
        assertThat(shareOfTwo()).as("added").isLessThan(10.0);
    }

    @Test
    void withoutSlowStartABackendTakesItsFullShareAtOnce() {
        pool.replaceAll(List.of(backend(1), backend(2)));
        pool.reportHealth(backend(2), DOWN);
        pool.reportHealth(backend(2), UP);
        assertThat(shareOfTwo()).isEqualTo(50.0);
    }

    @Test
    void turningSlowStartOffEndsEveryRamp() {
        slowStart(Duration.ofMinutes(1));
        pool.replaceAll(List.of(backend(1)));
        pool.put(backend(2));
        assertThat(shareOfTwo()).isLessThan(10.0);

        pool.configure(BalancerSettings.DEFAULTS);
        assertThat(shareOfTwo()).isEqualTo(50.0);
    }

    @Test
    void aDrainBegunAfterTheFirstLoadIsKeptWithItsStartUntilReportedFinished() {
        pool.replaceAll(List.of(backend(1), backend(2).withDraining(true)));
        assertThat(pool.drains()).as("draining at start: nothing is known of its requests").isEmpty();

        time.advance(Duration.ofSeconds(5));
        long started = time.nanoTime();
        pool.put(backend(1).withDraining(true));
        assertThat(pool.drains()).extracting(d -> d.backend().id(), BackendPool.Drain::startedNanos)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, started));
        assertThat(pool.routingTable().isEmpty()).isTrue();

        pool.drainFinished(1);
        assertThat(pool.drains()).isEmpty();
    }

    @Test
    void endingADrainForgetsIt() {
        pool.replaceAll(List.of(backend(1)));
        pool.put(backend(1).withDraining(true));
        pool.put(backend(1));
        assertThat(pool.drains()).isEmpty();
        assertThat(pool.routingTable().backends()).extracting(Backend::id).containsExactly(1L);
    }
}
