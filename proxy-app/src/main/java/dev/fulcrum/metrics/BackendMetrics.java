package dev.fulcrum.metrics;

import dev.fulcrum.health.EventState;
import dev.fulcrum.health.HealthEvent;
import dev.fulcrum.health.HealthHistory;
import dev.fulcrum.health.ProbeResult;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendLoad;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.HealthState;
import dev.fulcrum.pool.TrafficMeter;
import dev.fulcrum.pool.TrafficMeters;
import dev.fulcrum.time.TimeSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every backend's meters: made by the pool as it learns of each backend ({@link TrafficMeters}), fed by the checker's
 * results and events ({@link HealthHistory}), and sampled every {@link TrafficWindow#STEP_MILLIS} so the admin API can
 * show each backend's last minute and recent steps. Its gauges read the pool's live state when scraped: requests in
 * flight, whether the backend is up, whether it takes new requests.
 */
public final class BackendMetrics implements TrafficMeters, HealthHistory {

    private final MeterRegistry registry;
    private final BackendPool pool;
    private final TimeSource time;
    private final Map<Long, BackendMeters> byId = new ConcurrentHashMap<>();

    public BackendMetrics(MeterRegistry registry, BackendPool pool, TimeSource time) {
        this.registry = registry;
        this.pool = pool;
        this.time = time;
    }

    @Override
    public TrafficMeter register(Backend backend, BackendLoad load) {
        long id = backend.id();
        BackendMeters meters = new BackendMeters(registry, id, backend.name(), time.epochMillis());
        meters.keep(Gauge.builder("fulcrum.backend.requests.in.flight", load, BackendLoad::inFlight)
                .description("Client requests this backend has in flight now").tag("backend", backend.name())
                .strongReference(true).register(registry));
        meters.keep(Gauge.builder("fulcrum.backend.up", pool, p -> p.health(id).state() == HealthState.UP ? 1 : 0)
                .description("1 while the health checker finds this backend up, else 0 (down, ejected, unknown)")
                .tag("backend", backend.name()).strongReference(true).register(registry));
        meters.keep(Gauge.builder("fulcrum.backend.routable", pool, p -> routable(p, id) ? 1 : 0)
                .description("1 while this backend takes new requests (enabled, not draining, weight above 0, up)")
                .tag("backend", backend.name()).strongReference(true).register(registry));
        byId.put(id, meters);
        return meters;
    }

    private static boolean routable(BackendPool pool, long id) {
        return pool.find(id).map(b -> BackendPool.routable(b.enabled(), b.draining(), b.weight(),
                pool.health(id).state())).orElse(false);
    }

    @Override
    public void unregister(long backendId, TrafficMeter meter) {
        if (meter instanceof BackendMeters meters) {
            meters.removeFrom(registry);
            byId.remove(backendId, meters);
        }
    }

    @Override
    public void probed(ProbeResult result) {
        BackendMeters meters = byId.get(result.backendId());
        if (meters != null) {
            meters.probed(result.passed(), result.latencyMillis());
        }
    }

    @Override
    public void changed(HealthEvent event) {
        BackendMeters meters = byId.get(event.backendId());
        if (meters != null && event.to() == EventState.EJECTED) {
            meters.ejected();
        }
    }

    /** Takes every backend's sample; every {@link TrafficWindow#STEP_MILLIS} on one thread. */
    public void sample() {
        long now = time.epochMillis();
        for (BackendMeters meters : byId.values()) {
            meters.window().add(now, meters.sample());
        }
    }

    /** How often {@link #sample} is to run. */
    public static java.time.Duration sampleEvery() {
        return java.time.Duration.ofMillis(TrafficWindow.STEP_MILLIS);
    }

    /** A backend's last minute; empty for a backend the pool does not have. */
    public Optional<TrafficFigures> lastMinute(long backendId) {
        BackendMeters meters = byId.get(backendId);
        if (meters == null) {
            return Optional.empty();
        }
        TrafficWindow.Delta delta = meters.window().last(time.epochMillis(), meters.sample(),
                TrafficWindow.MINUTE_MILLIS);
        return Optional.of(TrafficFigures.of(delta.values(), delta.millis()));
    }

    /** All backends' last minute together. */
    public TrafficFigures lastMinute() {
        long now = time.epochMillis();
        long[] sum = new long[TrafficSample.SIZE];
        long millis = 0;
        for (BackendMeters meters : byId.values()) {
            TrafficWindow.Delta delta = meters.window().last(now, meters.sample(), TrafficWindow.MINUTE_MILLIS);
            TrafficSample.addTo(sum, delta.values());
            millis = Math.max(millis, delta.millis());
        }
        return TrafficFigures.of(sum, millis);
    }

    /** A backend's recent traffic, step by step, oldest first; empty for a backend the pool does not have. */
    public List<TrafficStep> recent(long backendId) {
        BackendMeters meters = byId.get(backendId);
        return meters == null ? List.of() : meters.window().steps(time.epochMillis(), meters.sample());
    }
}
