package dev.fulcrum.pool;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Backends and routing tables for the pool's tests: backend {@code n} is {@code bn} on port 5000 + n. */
final class Backends {

    private Backends() {
    }

    static Backend backend(long id) {
        return backend(id, 1);
    }

    static Backend backend(long id, int weight) {
        return new Backend(id, "b" + id, URI.create("http://127.0.0.1:" + (5000 + id)), weight, true);
    }

    /** A pool of backends 1..count, each of weight 1, routed by {@code settings}. */
    static BackendPool pool(int count, BalancerSettings settings) {
        List<Backend> backends = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            backends.add(backend(i));
        }
        BackendPool pool = new BackendPool();
        pool.configure(settings);
        pool.replaceAll(backends);
        return pool;
    }

    /** How often each backend id was chosen in {@code picks} first attempts. */
    static Map<Long, Integer> shares(BackendSelector selector, RoutingTable table, int picks) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(selector.select(table, HashKeys.of(i), null).backend().id(), 1, Integer::sum);
        }
        return counts;
    }
}
