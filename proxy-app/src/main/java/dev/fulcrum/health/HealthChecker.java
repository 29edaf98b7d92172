package dev.fulcrum.health;

import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendHealth;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.HealthState;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every configured backend on a fixed schedule and decides, with rise/fall counters, which ones are UP.
 *
 * <p>All health state lives on one scheduler thread: the periodic tick starts probes, and each probe's completion is
 * handed back to the same thread, so counters need no locks. A backend whose previous probe is still in flight is
 * skipped for that tick rather than probed twice. The tick catches every exception, because a single throw would
 * silently cancel a {@link ScheduledExecutorService} task and with it all health checking.
 *
 * <p>The first result for a backend decides at once (UP or DOWN); after that it takes {@code rise} consecutive passes
 * or {@code fall} consecutive failures to change state. Each transition is logged once and pushed to the
 * {@link BackendPool}, which rebuilds the routing table.
 */
public final class HealthChecker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

    private final BackendPool pool;
    private final HealthProbe probe;
    private final HealthCheckSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Map<Long, Counters> counters = new HashMap<>();
    private final Set<Long> inFlight = new HashSet<>();
    private ScheduledFuture<?> task;

    public HealthChecker(BackendPool pool, HealthProbe probe, HealthCheckSettings settings,
                         ScheduledExecutorService scheduler, Clock clock) {
        this.pool = pool;
        this.clock = clock;
        this.probe = probe;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    /** Probes every backend now, then every interval. */
    public synchronized void start() {
        if (task == null) {
            long interval = settings.interval().toMillis();
            task = scheduler.scheduleAtFixedRate(this::tick, 0, interval, TimeUnit.MILLISECONDS);
        }
    }

    /** Probes every backend now, outside the schedule; used after the backend list changes. */
    public void checkNow() {
        scheduler.execute(this::tick);
    }

    private void tick() {
        try {
            List<Backend> backends = pool.backends();
            counters.keySet().retainAll(backends.stream().map(Backend::id).toList());
            for (Backend backend : backends) {
                if (backend.enabled() && inFlight.add(backend.id())) {
                    startProbe(backend);
                }
            }
        } catch (Throwable t) {
            log.error("health check round failed; checking goes on next interval", t);
        }
    }

    private void startProbe(Backend backend) {
        CompletableFuture<ProbeResult> pending;
        try {
            pending = probe.probe(backend);
        } catch (RuntimeException e) {
            pending = CompletableFuture.failedFuture(e);
        }
        pending.whenComplete((result, failure) -> scheduler.execute(() -> complete(backend, result, failure)));
    }

    private void complete(Backend backend, ProbeResult result, Throwable failure) {
        try {
            inFlight.remove(backend.id());
            if (failure != null) {
                log.warn("probe of backend {} threw; counted as a failed check", backend.address(), failure);
                result = new ProbeResult(backend.id(), clock.instant(), false, 0, -1,
                        "probe error: " + failure.getClass().getSimpleName());
            }
            apply(backend, result);
        } catch (Throwable t) {
            log.error("recording a probe of backend {} failed", backend.address(), t);
        }
    }

    private void apply(Backend backend, ProbeResult result) {
        if (pool.backends().stream().noneMatch(b -> b.id() == backend.id() && b.url().equals(backend.url()))) {
            return;
        }
        Counters c = counters.get(backend.id());
        if (c == null || !c.url.equals(backend.url())) {
            c = new Counters(backend.url());
            counters.put(backend.id(), c);
        }
        HealthState before = c.state;
        c.record(result.passed(), settings);
        if (c.state != before) {
            logTransition(backend, before, c, result);
        }
        pool.reportHealth(backend,
                new BackendHealth(c.state, result.finishedAt(), result.latencyMillis(), result.error()));
    }

    private static void logTransition(Backend backend, HealthState before, Counters c, ProbeResult result) {
        if (before == HealthState.UNKNOWN) {
            if (c.state == HealthState.UP) {
                log.info("backend {} UP (first check passed)", backend.address());
            } else {
                log.warn("backend {} DOWN: {} (first check)", backend.address(), result.error());
            }
        } else if (c.state == HealthState.UP) {
            log.info("backend {} UP ({} consecutive {})", backend.address(), c.passes,
                    c.passes == 1 ? "pass" : "passes");
        } else {
            log.warn("backend {} DOWN: {} ({} consecutive {})", backend.address(), result.error(), c.failures,
                    c.failures == 1 ? "failure" : "failures");
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Rise/fall bookkeeping for one backend; only touched on the scheduler thread. */
    private static final class Counters {
        final URI url;
        HealthState state = HealthState.UNKNOWN;
        int passes;
        int failures;

        Counters(URI url) {
            this.url = url;
        }

        void record(boolean passed, HealthCheckSettings settings) {
            if (passed) {
                passes++;
                failures = 0;
                if (state != HealthState.UP && (state == HealthState.UNKNOWN || passes >= settings.rise())) {
                    state = HealthState.UP;
                }
            } else {
                failures++;
                passes = 0;
                if (state != HealthState.DOWN && (state == HealthState.UNKNOWN || failures >= settings.fall())) {
                    state = HealthState.DOWN;
                }
            }
        }
    }
}
