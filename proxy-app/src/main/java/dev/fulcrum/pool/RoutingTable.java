package dev.fulcrum.pool;

import java.util.List;

/**
 * An immutable view of the backends that may receive traffic right now.
 *
 * <p>Request threads read one of these from {@link BackendPool#routingTable()} and never see it change under them;
 * the control plane builds a new one and swaps it in. An array keeps selection free of iterator allocation.
 */
public final class RoutingTable {

    static final RoutingTable EMPTY = new RoutingTable(List.of());

    private final Backend[] backends;

    RoutingTable(List<Backend> routable) {
        this.backends = routable.toArray(Backend[]::new);
    }

    public int size() {
        return backends.length;
    }

    public boolean isEmpty() {
        return backends.length == 0;
    }

    public Backend get(int index) {
        return backends[index];
    }

    public List<Backend> backends() {
        return List.of(backends);
    }
}
