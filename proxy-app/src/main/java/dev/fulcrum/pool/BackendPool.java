package dev.fulcrum.pool;

import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The configured backends, their health, the balancer's settings, and the routing table derived from them; also each
 * backend's live {@link BackendLoad}, kept across tables, and the control plane's bookkeeping of slow-start ramps and
 * drains.
 *
 * <p>Writers are the control plane only (the admin API after a committed change, the health checker after a transition
 * and on its ticks); they are serialised on this object and each rebuilds the table and swaps it in. Request threads
 * only call {@link #routingTable()}, a single volatile read, so a slow control plane can never stall traffic.
 *
 * <p>A backend that becomes routable (added, enabled, up again, no longer draining) ramps up over the slow-start
 * window, if one is set; the backends of the first load do not, since all of them start together. While any backend
 * ramps, {@link #advanceRamps()} rebuilds the table in {@link SlowStart#stepNanos steps}.
 *
 * <p>Each backend's {@link TrafficMeter} is made here too, by the {@link TrafficMeters} the pool is given, when the pool
 * learns of the backend or its name (the meter's label) changes, and dropped when the backend goes.
 */
public final class BackendPool {

    private final TimeSource time;
    private final BackendLoad idle;
    private final AtomicReference<RoutingTable> table = new AtomicReference<>(RoutingTable.EMPTY);
    private final Map<Long, BackendHealth> health = new ConcurrentHashMap<>();
    private final Map<Long, BackendLoad> loads = new ConcurrentHashMap<>();
    private volatile List<Backend> backends = List.of();
    private volatile BalancerSettings settings = BalancerSettings.DEFAULTS;
    /** When each ramping backend became routable, by id; only while it ramps. */
    private final Map<Long, Long> rampStarts = new HashMap<>();
    /** When each drain begun in this process began, by id, until it is reported finished. */
    private final Map<Long, Long> drainStarts = new HashMap<>();
    private Set<Long> routableIds = Set.of();
    private boolean loaded;
    private long lastRebuildNanos;
    private TrafficMeters meters = TrafficMeters.NONE;

    public BackendPool(TimeSource time) {
        this.time = time;
        this.idle = new BackendLoad(time);
    }

    /** A pool on the system clock. */
    public BackendPool() {
        this(TimeSource.SYSTEM);
    }

    /** Meters every backend with {@code value} from now on, those configured already included. */
    public synchronized void meterWith(TrafficMeters value) {
        for (Backend backend : backends) {
            BackendLoad load = load(backend.id());
            meters.unregister(backend.id(), load.meter());
            load.meter(value.register(backend, load));
        }
        meters = value;
    }

    /** The table request threads route by. */
    public RoutingTable routingTable() {
        return table.get();
    }

    /** Every configured backend, enabled or not, in id order. */
    public List<Backend> backends() {
        return backends;
    }

    /** The configured backend with this id, if there is one. */
    public Optional<Backend> find(long backendId) {
        for (Backend backend : backends) {
            if (backend.id() == backendId) {
                return Optional.of(backend);
            }
        }
        return Optional.empty();
    }

    /** Whether a backend in this state takes new traffic: the one rule for the routing table and the API alike. */
    public static boolean routable(boolean enabled, boolean draining, int weight, HealthState health) {
        return enabled && !draining && weight > 0 && health.routable();
    }

    private static boolean routable(Backend backend, HealthState health) {
        return routable(backend.enabled(), backend.draining(), backend.weight(), health);
    }

    public BackendHealth health(long backendId) {
        return health.getOrDefault(backendId, BackendHealth.UNCHECKED);
    }

    /** The live traffic of a configured backend; all zero for an id the pool does not have. */
    public BackendLoad load(long backendId) {
        return loads.getOrDefault(backendId, idle);
    }

    public BalancerSettings settings() {
        return settings;
    }

    /** Routes by these settings from now on. */
    public synchronized void configure(BalancerSettings value) {
        settings = value;
        if (value.slowStart() == null) {
            rampStarts.clear();
        }
        rebuild();
    }

    /**
     * Replaces every configured backend; one whose id is kept keeps its health unless its URL changed, since a new URL
     * is a new server.
     */
    public synchronized void replaceAll(List<Backend> configured) {
        List<Backend> sorted = new ArrayList<>(configured);
        sorted.sort((a, b) -> Long.compare(a.id(), b.id()));
        long now = time.nanoTime();
        Set<Long> ids = new HashSet<>();
        List<Backend> toMeter = new ArrayList<>();
        for (Backend backend : sorted) {
            ids.add(backend.id());
            Optional<Backend> old = find(backend.id());
            old.filter(o -> !o.url().equals(backend.url())).ifPresent(o -> health.remove(o.id()));
            if (!backend.draining()) {
                drainStarts.remove(backend.id());
            } else if (loaded && old.isPresent() && !old.get().draining()) {
                drainStarts.put(backend.id(), now);
            }
            if (old.isEmpty() || !old.get().name().equals(backend.name())) {
                toMeter.add(backend);
            }
        }
        // Meters are labelled by name: the old names' go first, so that a name passed on to another backend is new.
        loads.forEach((id, load) -> {
            if (!ids.contains(id)) {
                meters.unregister(id, load.meter());
            }
        });
        for (Backend backend : toMeter) {
            BackendLoad load = loads.get(backend.id());
            if (load != null) {
                meters.unregister(backend.id(), load.meter());
            }
        }
        for (Backend backend : toMeter) {
            BackendLoad load = loads.computeIfAbsent(backend.id(), id -> new BackendLoad(time));
            load.meter(meters.register(backend, load));
        }
        backends = List.copyOf(sorted);
        health.keySet().retainAll(ids);
        loads.keySet().retainAll(ids);
        drainStarts.keySet().retainAll(ids);
        rebuild();
        loaded = true;
    }

    /** Adds or replaces a backend; a new URL is a new server, so its health starts over as unknown. */
    public synchronized void put(Backend backend) {
        List<Backend> next = new ArrayList<>(backends.size() + 1);
        for (Backend existing : backends) {
            if (existing.id() != backend.id()) {
                next.add(existing);
            }
        }
        next.add(backend);
        replaceAll(next);
    }

    public synchronized void remove(long backendId) {
        replaceAll(backends.stream().filter(b -> b.id() != backendId).toList());
    }

    /**
     * Records the checker's latest view of a backend; the table is rebuilt only when routability changed, so a
     * passing probe costs no swap. Reports for backends removed or moved to another URL meanwhile are dropped.
     */
    public synchronized void reportHealth(Backend probed, BackendHealth latest) {
        long backendId = probed.id();
        if (find(backendId).filter(b -> b.url().equals(probed.url())).isEmpty()) {
            return;
        }
        BackendHealth previous = health.put(backendId, latest);
        HealthState before = previous == null ? HealthState.UNKNOWN : previous.state();
        if (before.routable() != latest.state().routable()) {
            rebuild();
        }
    }

    /** Rebuilds the table when a backend ramping up is due for its next step; called on the checker's ticks. */
    public synchronized void advanceRamps() {
        Duration window = settings.slowStart();
        if (!rampStarts.isEmpty() && window != null
                && time.nanoTime() - lastRebuildNanos >= SlowStart.stepNanos(window)) {
            rebuild();
        }
    }

    /** A drain begun in this process and not yet reported finished. */
    public record Drain(Backend backend, long startedNanos) {
    }

    /** The drains in progress, for the checker to notice the end of. */
    public synchronized List<Drain> drains() {
        List<Drain> drains = new ArrayList<>(drainStarts.size());
        drainStarts.forEach((id, started) -> find(id).ifPresent(b -> drains.add(new Drain(b, started))));
        return drains;
    }

    /** The drain of this backend was reported finished: it is not reported again. */
    public synchronized void drainFinished(long backendId) {
        drainStarts.remove(backendId);
    }

    private void rebuild() {
        long now = time.nanoTime();
        Duration window = settings.slowStart();
        List<Route> routes = new ArrayList<>(backends.size());
        Set<Long> nowRoutable = new HashSet<>();
        for (Backend backend : backends) {
            if (!routable(backend, health(backend.id()).state())) {
                continue;
            }
            long id = backend.id();
            nowRoutable.add(id);
            if (loaded && window != null && !routableIds.contains(id)) {
                rampStarts.put(id, now);
            }
            Long rampStart = rampStarts.get(id);
            double share = rampStart == null ? 1 : SlowStart.share(now - rampStart, window);
            if (share >= 1) {
                rampStarts.remove(id);
            }
            int weight = (int) Math.max(1, Math.round(backend.weight() * Route.WEIGHT_UNIT * share));
            routes.add(new Route(backend, load(id), weight, settings.stickyCookie()));
        }
        rampStarts.keySet().retainAll(nowRoutable);
        routableIds = nowRoutable;
        lastRebuildNanos = now;
        table.set(new RoutingTable(routes.toArray(Route[]::new), settings));
    }
}
