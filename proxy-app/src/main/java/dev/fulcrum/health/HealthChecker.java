package dev.fulcrum.health;

import dev.fulcrum.values.Durations;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendHealth;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.HealthState;
import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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
 * Probes every configured backend on its own schedule and decides, with rise/fall counters, which ones are UP; also
 * takes in ejections decided by live traffic ({@link PassiveHealthCheck}).
 *
 * <p>All health state lives on one scheduler thread: a short periodic tick starts the probes that are due, and each
 * probe's completion is handed back to the same thread, so counters need no locks. A backend whose previous probe is
 * still in flight is not probed again. The tick catches every exception, because a single throw would silently
 * cancel a {@link ScheduledExecutorService} task and with it all health checking.
 *
 * <p>The first result for a backend decides at once (UP or DOWN); after that it takes {@code rise} consecutive passes
 * or {@code fall} consecutive failures to change state. An EJECTED backend comes back on the first pass after its
 * ejection time. Each transition is logged once, handed to the {@link HealthHistory}, and pushed to the
 * {@link BackendPool}, which rebuilds the routing table.
 *
 * <p>The same ticks step the pool's slow-start ramps and report the end of each drain: the first tick on which a
 * draining backend has no request in flight stores a {@code drained} event saying how long the drain took.
 */
public final class HealthChecker implements PassiveHealthCheck.Ejector, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);
    private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final BackendPool pool;
    private final HealthProbe probe;
    private final HealthCheckSettings settings;
    private final EjectionSettings ejection;
    private final HealthHistory history;
    private final ScheduledExecutorService scheduler;
    private final TimeSource time;
    private final Map<Long, Tracked> tracked = new HashMap<>();
    private final Set<Long> drainsNoticed = new HashSet<>();
    private final ScheduleLag lag = new ScheduleLag();
    private final long tickNanos;
    private ScheduledFuture<?> task;

    public HealthChecker(BackendPool pool, HealthProbe probe, HealthCheckSettings settings, EjectionSettings ejection,
                         HealthHistory history, ScheduledExecutorService scheduler, TimeSource time) {
        this.pool = pool;
        this.probe = probe;
        this.settings = settings;
        this.ejection = ejection;
        this.history = history;
        this.scheduler = scheduler;
        this.time = time;
        this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(5),
                Math.min(MAX_TICK_NANOS, settings.interval().toNanos() / 2));
    }

    /** Probes every backend now, then each on its interval. */
    public synchronized void start() {
        if (task == null) {
            task = scheduler.scheduleAtFixedRate(this::tick, 0, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Starts the probes that are due now, without waiting for the next tick; used after the backend list changes. */
    public void checkNow() {
        scheduler.execute(this::tick);
    }

    /** How far behind schedule probes have started, for the scale benchmark and for logs. */
    public ScheduleLag lag() {
        return lag;
    }

    @Override
    public void eject(Backend backend, int consecutiveFailures) {
        scheduler.execute(() -> {
            try {
                passiveEjection(backend, consecutiveFailures);
            } catch (Throwable t) {
                log.error("ejecting backend {} failed", backend.address(), t);
            }
        });
    }

    private void tick() {
        try {
            long now = time.nanoTime();
            sync(now);
            // A probe due within half a tick starts now rather than a whole tick late.
            long horizon = now + tickNanos / 2;
            for (Tracked t : tracked.values()) {
                if (t.backend.enabled() && !t.inFlight && horizon - t.nextDueNanos >= 0) {
                    startProbe(t, now);
                }
            }
            pool.advanceRamps();
            finishDrains(now);
        } catch (Throwable t) {
            log.error("health check round failed; checking goes on at the next tick", t);
        }
    }

    /** Follows the pool: new backends are due at once, removed ones are forgotten, a new URL starts over. */
    private void sync(long now) {
        Set<Long> present = new HashSet<>();
        for (Backend backend : pool.backends()) {
            present.add(backend.id());
            Tracked t = tracked.get(backend.id());
            if (t == null || !t.backend.url().equals(backend.url())) {
                tracked.put(backend.id(), new Tracked(backend, now));
            } else {
                t.backend = backend;
            }
        }
        for (Iterator<Long> ids = tracked.keySet().iterator(); ids.hasNext(); ) {
            if (!present.contains(ids.next())) {
                ids.remove();
            }
        }
    }

    /**
     * Reports each drain whose backend has no request in flight any more, once, with how long it took. A drain is
     * first only noticed, and can end from the next tick on: a request that read the routing table just before the
     * drain began has begun counting by then.
     */
    private void finishDrains(long now) {
        List<BackendPool.Drain> drains = pool.drains();
        if (drains.isEmpty()) {
            drainsNoticed.clear();
            return;
        }
        Set<Long> draining = new HashSet<>();
        for (BackendPool.Drain drain : drains) {
            Backend backend = drain.backend();
            draining.add(backend.id());
            if (drainsNoticed.add(backend.id()) || pool.load(backend.id()).inFlight() > 0) {
                continue;
            }
            pool.drainFinished(backend.id());
            drainsNoticed.remove(backend.id());
            String took = Durations.format(Duration.ofNanos(now - drain.startedNanos()).truncatedTo(ChronoUnit.MILLIS));
            log.info("backend {} DRAINED after {}: no requests in flight, safe to stop", backend.address(), took);
            history.changed(new HealthEvent(backend.id(), time.now(), EventState.DRAINING, EventState.DRAINED,
                    "drained: no requests in flight " + took + " after the drain began"), backend);
        }
        drainsNoticed.retainAll(draining);
    }

    private void startProbe(Tracked t, long now) {
        lag.record(now - t.nextDueNanos);
        long interval = interval(t.backend).toNanos();
        t.nextDueNanos += interval;
        if (now - t.nextDueNanos >= 0) {
            // Fell a whole interval behind (machine stalled): skip the missed probes instead of bursting them.
            t.nextDueNanos = now + interval;
        }
        t.inFlight = true;
        Backend backend = t.backend;
        CompletableFuture<ProbeResult> pending;
        try {
            pending = probe.probe(backend);
        } catch (RuntimeException e) {
            pending = CompletableFuture.failedFuture(e);
        }
        pending.whenComplete((result, failure) -> scheduler.execute(() -> complete(t, backend, result, failure)));
    }

    private Duration interval(Backend backend) {
        return backend.checkOverrides().interval() == null ? settings.interval() : backend.checkOverrides().interval();
    }

    private void complete(Tracked t, Backend probed, ProbeResult result, Throwable failure) {
        try {
            t.inFlight = false;
            if (tracked.get(probed.id()) != t) {
                return;
            }
            if (failure != null) {
                log.warn("probe of backend {} threw; counted as a failed check", probed.address(), failure);
                result = new ProbeResult(probed.id(), time.now(), false, 0, 0,
                        FailureDescription.of(failure, false, settings.timeout()));
            }
            history.probed(result);
            apply(t, result);
        } catch (Throwable e) {
            log.error("recording a probe of backend {} failed", probed.address(), e);
        }
    }

    private void apply(Tracked t, ProbeResult result) {
        HealthState before = t.state;
        String reason = null;
        String logged = null;
        if (result.passed()) {
            t.passes++;
            t.failures = 0;
            if (before == HealthState.UNKNOWN) {
                reason = "active: first check passed";
                logged = "first check passed";
            } else if (before == HealthState.DOWN && t.passes >= settings.rise()) {
                String count = t.passes + " consecutive " + (t.passes == 1 ? "pass" : "passes");
                reason = "active: " + count;
                logged = count;
            } else if (before == HealthState.EJECTED && time.nanoTime() - t.ejectedUntilNanos >= 0) {
                reason = "active: check passed after ejection";
                logged = "check passed after ejection";
                t.readmittedNanos = time.nanoTime();
            }
            if (reason != null) {
                t.state = HealthState.UP;
            }
        } else {
            t.failures++;
            t.passes = 0;
            if (before == HealthState.UNKNOWN) {
                reason = "active: first check failed: " + result.error();
                logged = result.error() + " (first check)";
            } else if (before != HealthState.DOWN && t.failures >= settings.fall()) {
                String count = t.failures + " consecutive " + (t.failures == 1 ? "failure" : "failures");
                reason = "active: " + count + ": " + result.error();
                logged = result.error() + " (" + count + ")";
            }
            if (reason != null) {
                t.state = HealthState.DOWN;
            }
        }
        if (t.state != before) {
            transition(t, before, reason, logged);
        }
        pool.reportHealth(t.backend,
                new BackendHealth(t.state, result.finishedAt(), result.latencyMillis(), result.error()));
    }

    private void passiveEjection(Backend backend, int consecutiveFailures) {
        Tracked t = tracked.get(backend.id());
        if (t == null || !t.backend.url().equals(backend.url()) || !t.state.routable()) {
            return;
        }
        long now = time.nanoTime();
        if (!ejectionLeavesHalf()) {
            if (t.heldBackUntilNanos - now <= 0) {
                t.heldBackUntilNanos = now + ejection.time().toNanos();
                log.warn("backend {} not ejected after {} consecutive connect failures or timeouts: passive checks "
                        + "keep at least half of the {} backends in; active checks still take it out if it is down",
                        t.backend.address(), consecutiveFailures, tracked.size());
            }
            return;
        }
        boolean repeat = t.readmittedNanos != 0 && now - t.readmittedNanos < ejection.maxTime().toNanos();
        t.ejectFor = repeat ? min(t.ejectFor.multipliedBy(2), ejection.maxTime()) : ejection.time();
        t.ejectedUntilNanos = now + t.ejectFor.toNanos();
        t.passes = 0;
        HealthState before = t.state;
        t.state = HealthState.EJECTED;
        String cause = consecutiveFailures + " consecutive connect failures or timeouts";
        transition(t, before, "passive: " + cause + ", out for " + Durations.format(t.ejectFor),
                "out for " + Durations.format(t.ejectFor) + " (" + cause + ")");
        BackendHealth current = pool.health(backend.id());
        pool.reportHealth(t.backend, new BackendHealth(HealthState.EJECTED, current.lastCheck(),
                current.latencyMillis(), current.lastError()));
    }

    /**
     * Whether one more backend may be ejected: passive checks never take out more than half of the backends (as
     * Envoy's {@code max_ejection_percent}, and nginx never marks a lone server unavailable). When the proxy itself is
     * overloaded, its own connects time out and look like every backend failing; ejecting them all would turn slow
     * answers into 503s for everyone. A backend that is really down still goes down by its active checks.
     */
    private boolean ejectionLeavesHalf() {
        int ejected = 0;
        for (Tracked other : tracked.values()) {
            if (other.state == HealthState.EJECTED) {
                ejected++;
            }
        }
        return (ejected + 1) * 2 <= tracked.size();
    }

    /**
     * Logs a transition once, in the original balancer's form ({@code backend 127.0.0.1:5002 DOWN: connection refused
     * (3 consecutive failures)}, {@code backend 127.0.0.1:5002 UP (2 consecutive passes)}), and hands the event with
     * its reason to the history.
     */
    private void transition(Tracked t, HealthState before, String reason, String logged) {
        String address = t.backend.address();
        if (t.state == HealthState.UP) {
            log.info("backend {} UP ({})", address, logged);
        } else {
            log.warn("backend {} {}: {}", address, t.state.name(), logged);
        }
        history.changed(new HealthEvent(t.backend.id(), time.now(), EventState.of(before),
                EventState.of(t.state), reason), t.backend);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Schedule and rise/fall bookkeeping for one backend; only touched on the scheduler thread. */
    private final class Tracked {
        Backend backend;
        HealthState state = HealthState.UNKNOWN;
        int passes;
        int failures;
        long nextDueNanos;
        boolean inFlight;
        long ejectedUntilNanos;
        long readmittedNanos;
        /** Until when a held-back ejection of this backend is not logged again. */
        long heldBackUntilNanos;
        Duration ejectFor = ejection.time();

        Tracked(Backend backend, long dueNanos) {
            this.backend = backend;
            this.nextDueNanos = dueNanos;
        }
    }
}
