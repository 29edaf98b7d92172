package dev.fulcrum.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.HealthState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rise/fall decisions with a probe whose answers the test sets, and a checker that outlives a throwing probe. */
class HealthCheckerTest {

    private final BackendPool pool = new BackendPool();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Map<Long, Boolean> answers = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> probes = new ConcurrentHashMap<>();
    private final HealthCheckSettings settings =
            new HealthCheckSettings("/health", Duration.ofMillis(20), Duration.ofSeconds(1), 2, 3);
    private HealthChecker checker;

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
        checker = new HealthChecker(pool, scripted, settings, scheduler, java.time.Clock.systemUTC());
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
        checker = new HealthChecker(pool, scripted, settings, scheduler, java.time.Clock.systemUTC());
        checker.start();

        await().until(() -> state(1) == HealthState.DOWN && state(2) == HealthState.UP);
        int before = probesOf(2);
        await().until(() -> probesOf(2) > before + 5);
        assertThat(pool.health(1).lastError()).startsWith("probe error");

        answers.put(1L, true);
        await().until(() -> state(1) == HealthState.UP);
    }

    @Test
    void aSlowProbeDelaysNoOtherBackend() {
        pool.replaceAll(List.of(backend(1), backend(2)));
        CompletableFuture<ProbeResult> never = new CompletableFuture<>();
        HealthProbe oneHangs = backend -> backend.id() == 1 ? never : scripted.probe(backend);
        answers.put(2L, true);
        checker = new HealthChecker(pool, oneHangs, settings, scheduler, java.time.Clock.systemUTC());
        checker.start();

        await().until(() -> probesOf(2) > 10);
        assertThat(state(1)).isEqualTo(HealthState.UNKNOWN);
        assertThat(state(2)).isEqualTo(HealthState.UP);
    }
}
