package dev.fulcrum.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.pool.Algorithm;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendLoad;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.BalancerSettings;
import dev.fulcrum.pool.HealthState;
import dev.fulcrum.pool.RoutingTable;
import dev.fulcrum.time.ManualTime;
import dev.fulcrum.time.TimeSource;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rise/fall decisions with a probe whose answers the test sets, and a checker that outlives a throwing probe. */
class HealthCheckerTest {

    /** The test clock of the tests that run on one; the pool's drains and ramps are timed on it. */
    private final ManualTime time = new ManualTime();
    private final BackendPool pool = new BackendPool(time);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Map<Long, Boolean> answers = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> probes = new ConcurrentHashMap<>();
    private final HealthCheckSettings settings =
            new HealthCheckSettings("/health", Duration.ofMillis(20), Duration.ofSeconds(1), 2, 3);
    private final List<HealthEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ProbeResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HealthHistory recording = new HealthHistory() {
        @Override
        public void probed(ProbeResult result) {
            results.add(result);
        }

        @Override
        public void changed(HealthEvent event) {
            events.add(event);
        }
    };
    private HealthChecker checker;

    private HealthChecker checker(HealthProbe probe, EjectionSettings ejection) {
        checker = new HealthChecker(pool, probe, settings, ejection, recording, scheduler,
                TimeSource.SYSTEM);
        return checker;
    }

    private final HealthProbe scripted = backend -> {
        probes.computeIfAbsent(backend.id(), id -> new AtomicInteger()).incrementAndGet();
        Boolean pass = answers.get(backend.id());
        if (pass == null) {
            throw new IllegalStateException("probe blew up");
        }
        return CompletableFuture.completedFuture(new ProbeResult(backend.id(), Instant.now(), pass,
                pass ? 200 : 503, 1, pass ? null : "HTTP 503"));
    };

    @AfterEach
    void stop() {
        checker.close();
        scheduler.shutdownNow();
    }

    private static Backend backend(long id) {
        return new Backend(id, "b" + id, URI.create("http://127.0.0.1:" + (5000 + id)), 1, true);
    }

    private HealthState state(long id) {
        return pool.health(id).state();
    }

    private int probesOf(long id) {
        AtomicInteger n = probes.get(id);
        return n == null ? 0 : n.get();
    }

    @Test
    void firstResultDecidesThenFallAndRiseCountersApply() {
        pool.replaceAll(List.of(backend(1)));
        answers.put(1L, true);
        checker = new HealthChecker(pool, scripted, settings, EjectionSettings.DEFAULTS, HealthHistory.NONE, scheduler,
                TimeSource.SYSTEM);
        checker.start();
        await().until(() -> state(1) == HealthState.UP);

        answers.put(1L, false);
        int before = probesOf(1);
        await().until(() -> state(1) == HealthState.DOWN);
        assertThat(probesOf(1) - before).as("failed probes until DOWN").isGreaterThanOrEqualTo(3);
        assertThat(pool.routingTable().isEmpty()).isTrue();
        assertThat(pool.health(1).lastError()).isEqualTo("HTTP 503");

        answers.put(1L, true);
        before = probesOf(1);
        await().until(() -> state(1) == HealthState.UP);
        assertThat(probesOf(1) - before).as("passing probes until UP").isGreaterThanOrEqualTo(2);
        assertThat(pool.routingTable().backends()).extracting(Backend::id).containsExactly(1L);
    }

    @Test
    void aThrowingProbeCountsAsFailureAndTheScheduleSurvives() {
        pool.replaceAll(List.of(backend(1), backend(2)));
        answers.put(2L, true);
        checker = new HealthChecker(pool, scripted, settings, EjectionSettings.DEFAULTS, HealthHistory.NONE, scheduler,
                TimeSource.SYSTEM);
        checker.start();

        await().until(() -> state(1) == HealthState.DOWN && state(2) == HealthState.UP);
        int before = probesOf(2);
        await().until(() -> probesOf(2) > before + 5);
        assertThat(pool.health(1).lastError()).isEqualTo("probe failed");

        answers.put(1L, true);
        await().until(() -> state(1) == HealthState.UP);
    }

    @Test
    void transitionsAreHandedToTheHistoryWithTheirReasons() {
        pool.replaceAll(List.of(backend(1)));
        answers.put(1L, true);
        checker(scripted, EjectionSettings.DEFAULTS).start();
        await().until(() -> state(1) == HealthState.UP);
        answers.put(1L, false);
        await().until(() -> state(1) == HealthState.DOWN);

        assertThat(events).extracting(HealthEvent::from, HealthEvent::to, HealthEvent::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(EventState.UNKNOWN, EventState.UP, "active: first check passed"),
                org.assertj.core.groups.Tuple.tuple(EventState.UP, EventState.DOWN, "active: 3 consecutive failures: HTTP 503"));
        assertThat(results).isNotEmpty().allMatch(r -> r.backendId() == 1);
    }

    @Test
    void eachTransitionIsLoggedOnceInTheOriginalBalancersForm() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(HealthChecker.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            pool.replaceAll(List.of(backend(2)));
            answers.put(2L, true);
            checker(scripted, EjectionSettings.DEFAULTS).start();
            await().until(() -> state(2) == HealthState.UP);
            answers.put(2L, false);
            await().until(() -> state(2) == HealthState.DOWN);
            answers.put(2L, true);
            await().until(() -> state(2) == HealthState.UP && probesOf(2) > 0);
            await().until(() -> lines.list.size() >= 3);
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).containsExactly(
                "backend 127.0.0.1:5002 UP (first check passed)",
                "backend 127.0.0.1:5002 DOWN: HTTP 503 (3 consecutive failures)",
                "backend 127.0.0.1:5002 UP (2 consecutive passes)");
    }

    /** On a test clock: each ejection lasts exactly its time, however long the machine takes to run the probes. */
    @Test
    void anEjectedBackendComesBackOnAPassAfterItsEjectionTimeAndRepeatsDouble() throws Exception {
        pool.replaceAll(List.of(backend(1), backend(2)));
        answers.put(1L, true);
        answers.put(2L, true);
        checker = new HealthChecker(pool, scripted, settings, new EjectionSettings(5, Duration.ofMillis(300),
                Duration.ofMillis(1000)), recording, scheduler, time);
        checker.start();
        await().until(() -> state(1) == HealthState.UP);

        for (Duration ejectFor : List.of(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(1),
                Duration.ofSeconds(1))) {
            checker.eject(backend(1), 5);
            await().until(() -> state(1) == HealthState.EJECTED);
            assertThat(pool.routingTable().backends()).extracting(Backend::id).containsExactly(2L);

            // A pass a millisecond before the ejection time is over does not bring it back...
            probeAfter(time, ejectFor.minusMillis(1));
            assertThat(state(1)).as("a millisecond before %s", ejectFor).isEqualTo(HealthState.EJECTED);
            // ...the next pass, one interval later, does.
            probeAfter(time, settings.interval());
            assertThat(state(1)).isEqualTo(HealthState.UP);
        }
        assertThat(events.stream().filter(e -> e.to() == EventState.EJECTED).map(HealthEvent::reason))
                .containsExactly("passive: 5 consecutive connect failures or timeouts, out for 300ms",
                        "passive: 5 consecutive connect failures or timeouts, out for 600ms",
                        "passive: 5 consecutive connect failures or timeouts, out for 1s",
                        "passive: 5 consecutive connect failures or timeouts, out for 1s");
        assertThat(events.stream().filter(e -> e.from() == EventState.EJECTED).map(HealthEvent::reason))
                .hasSize(4).containsOnly("active: check passed after ejection");
    }

    /** On a test clock: the first tick that finds a draining backend with nothing in flight reports it, once. */
    @Test
    void aDrainIsReportedOnceWhenItsLastRequestEndsWithHowLongItTook() throws Exception {
        pool.replaceAll(List.of(backend(1), backend(2)));
        answers.put(1L, true);
        answers.put(2L, true);
        checker = new HealthChecker(pool, scripted, settings, EjectionSettings.DEFAULTS, recording, scheduler, time);
        checker.start();
        await().until(() -> state(1) == HealthState.UP && state(2) == HealthState.UP);
        BackendLoad load = pool.load(1);
        load.begin();
        load.begin();

        pool.put(backend(1).withDraining(true));
        probeAfter(time, Duration.ofMillis(1500));
        load.end();
        probeAfter(time, Duration.ofMillis(1000));
        assertThat(events).as("one request still in flight").noneMatch(e -> e.to() == EventState.DRAINED);

        load.end();
        await().until(() -> events.stream().anyMatch(e -> e.to() == EventState.DRAINED));
        probeAfter(time, settings.interval());
        probeAfter(time, settings.interval());
        assertThat(events.stream().filter(e -> e.to() == EventState.DRAINED))
                .extracting(HealthEvent::backendId, HealthEvent::from, HealthEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, EventState.DRAINING,
                        "drained: no requests in flight 2500ms after the drain began"));
    }

    /** On a test clock: the checker's ticks step a ramp, and the backend reaches its full weight when it is over. */
    @Test
    void theTicksStepASlowStartRampToTheFullWeight() throws Exception {
        pool.configure(new BalancerSettings(Algorithm.ROUND_ROBIN, null, null, Duration.ofSeconds(10)));
        pool.replaceAll(List.of(backend(1)));
        answers.put(1L, true);
        answers.put(2L, true);
        checker = new HealthChecker(pool, scripted, settings, EjectionSettings.DEFAULTS, recording, scheduler, time);
        checker.start();
        pool.put(backend(2));
        assertThat(weightOf(2)).isEqualTo(10);

        probeAfter(time, Duration.ofSeconds(5));
        await().until(() -> weightOf(2) == 50);
        probeAfter(time, Duration.ofSeconds(5));
        await().until(() -> weightOf(2) == 100);
    }

    /** Backend {@code id}'s weight in the routing table, in hundredths. */
    private int weightOf(long id) {
        RoutingTable table = pool.routingTable();
        for (int i = 0; i < table.size(); i++) {
            if (table.route(i).backend().id() == id) {
                return table.route(i).weight();
            }
        }
        return 0;
    }

    /** Moves the test clock on and waits until the checker has probed once more and judged the result. */
    private void probeAfter(ManualTime time, Duration step) throws Exception {
        int before = results.size();
        time.advance(step);
        await().until(() -> results.size() > before);
        // The verdict runs on the checker's thread in the same task that recorded the result, so before this.
        scheduler.submit(() -> { }).get();
    }

    @Test
    void passiveFailuresEjectAfterTheThresholdAndASuccessResetsTheCount() {
        pool.replaceAll(List.of(backend(1), backend(2)));
        answers.put(1L, true);
        answers.put(2L, true);
        checker(scripted, new EjectionSettings(3, Duration.ofSeconds(30), Duration.ofMinutes(5))).start();
        await().until(() -> state(1) == HealthState.UP && state(2) == HealthState.UP);
        PassiveHealthCheck passive = new PassiveHealthCheck(3, checker);

        passive.failed(backend(1));
        passive.failed(backend(1));
        passive.succeeded(backend(1));
        passive.failed(backend(1));
        passive.failed(backend(1));
        assertThat(state(1)).isEqualTo(HealthState.UP);
        passive.failed(backend(1));
        await().until(() -> state(1) == HealthState.EJECTED);
    }

    /** Passive checks never take out more than half of the backends: an overloaded proxy's own timeouts look alike. */
    @ParameterizedTest(name = "{0} backends, {1} failing: {2} ejected")
    @CsvSource({
            "1, 1, 0",
            "2, 2, 1",
            "3, 3, 1",
            "4, 4, 2",
            "5, 2, 2",
    })
    void passiveEjectionLeavesAtLeastHalfOfTheBackendsIn(int backends, int failing, int ejected) throws Exception {
        List<Backend> all = new ArrayList<>();
        for (long id = 1; id <= backends; id++) {
            all.add(backend(id));
            answers.put(id, true);
        }
        pool.replaceAll(all);
        checker(scripted, new EjectionSettings(1, Duration.ofSeconds(30), Duration.ofMinutes(5))).start();
        await().until(() -> all.stream().allMatch(b -> state(b.id()) == HealthState.UP));

        for (int i = 0; i < failing; i++) {
            checker.eject(all.get(i), 1);
        }
        // Ejections are decided on the checker's thread, in order: once this runs, every one of them was.
        scheduler.submit(() -> { }).get();

        await().until(() -> all.stream().filter(b -> state(b.id()) == HealthState.EJECTED).count() == ejected);
        assertThat(all.subList(ejected, backends)).allMatch(b -> state(b.id()) == HealthState.UP);
        assertThat(pool.routingTable().size()).isEqualTo(backends - ejected);
    }

    @Test
    void aBackendsOwnIntervalIsKept() {
        Backend slow = new Backend(2, "b2", URI.create("http://127.0.0.1:5002"), 1, true,
                new dev.fulcrum.pool.CheckOverrides(null, null, Duration.ofMillis(400)));
        pool.replaceAll(List.of(backend(1), slow));
        answers.put(1L, true);
        answers.put(2L, true);
        checker(scripted, EjectionSettings.DEFAULTS).start();

        await().until(() -> probesOf(1) >= 40);
        assertThat(probesOf(2)).isBetween(1, 6);
    }

    @Test
    void aSlowProbeDelaysNoOtherBackend() {
        pool.replaceAll(List.of(backend(1), backend(2)));
        CompletableFuture<ProbeResult> never = new CompletableFuture<>();
        HealthProbe oneHangs = backend -> backend.id() == 1 ? never : scripted.probe(backend);
        answers.put(2L, true);
        checker = new HealthChecker(pool, oneHangs, settings, EjectionSettings.DEFAULTS, HealthHistory.NONE, scheduler,
                TimeSource.SYSTEM);
        checker.start();

        await().until(() -> probesOf(2) > 10);
        assertThat(state(1)).isEqualTo(HealthState.UNKNOWN);
        assertThat(state(2)).isEqualTo(HealthState.UP);
    }
}
