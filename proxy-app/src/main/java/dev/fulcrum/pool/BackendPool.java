package dev.fulcrum.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The configured backends and their health, and the routing table derived from both.
 *
 * <p>Writers are the control plane only (the admin API after a committed change, the health checker after a
 * transition); they are serialised on this object and each rebuilds the table and swaps it in. Request threads only
 * call {@link #routingTable()}, a single volatile read, so a slow control plane can never stall traffic.
 */
public final class BackendPool {

    private final AtomicReference<RoutingTable> table = new AtomicReference<>(RoutingTable.EMPTY);
    private final Map<Long, BackendHealth> health = new ConcurrentHashMap<>();
    private volatile List<Backend> backends = List.of();

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

    /** Whether a backend in this state takes traffic: the one rule for the routing table and the API alike. */
    public static boolean routable(boolean enabled, int weight, HealthState health) {
        return enabled && weight > 0 && health.routable();
    }

    public BackendHealth health(long backendId) {
        return health.getOrDefault(backendId, BackendHealth.UNCHECKED);
    }

    /**
     * Replaces every configured backend; one whose id is kept keeps its health unless its URL changed, since a new URL
     * is a new server.
     */
    public synchronized void replaceAll(List<Backend> configured) {
        List<Backend> sorted = new ArrayList<>(configured);
        sorted.sort((a, b) -> Long.compare(a.id(), b.id()));
        for (Backend backend : sorted) {
            find(backend.id()).filter(old -> !old.url().equals(backend.url()))
                    .ifPresent(old -> health.remove(old.id()));
        }
        backends = List.copyOf(sorted);
        health.keySet().retainAll(sorted.stream().map(Backend::id).toList());
        rebuild();
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

    private void rebuild() {
        List<Backend> routable = new ArrayList<>(backends.size());
        for (Backend backend : backends) {
            if (routable(backend.enabled(), backend.weight(), health(backend.id()).state())) {
                routable.add(backend);
            }
        }
        table.set(new RoutingTable(routable));
    }
}
