package dev.fulcrum.proxy;

import static dev.fulcrum.TestBalancers.local;

import dev.fulcrum.health.PassiveHealthCheck;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.RoundRobinSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ProxyServer} on a port from the OS in front of backends named b1, b2, ... on 127.0.0.1, with short
 * timeouts, no access log, and the passive health strikes recorded instead of acted on.
 */
final class TestProxy implements AutoCloseable {

    static final ProxySettings SETTINGS = ProxySettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3))
            .withRetryAfter(Duration.ofSeconds(1)).withAccessLog(false);

    private final ProxyServer server;
    private final List<String> strikes = new CopyOnWriteArrayList<>();

    private TestProxy(ProxySettings settings, int... backendPorts) throws Exception {
        List<Backend> backends = new ArrayList<>();
        for (int i = 0; i < backendPorts.length; i++) {
            backends.add(new Backend(i + 1, "b" + (i + 1), local(backendPorts[i]), 1, true));
        }
        BackendPool pool = new BackendPool();
        pool.replaceAll(backends);
        // One failure is enough to be "ejected", so a single strike against a backend shows in strikes().
        server = new ProxyServer("127.0.0.1", 0, pool, new RoundRobinSelector(),
                new PassiveHealthCheck(1, (backend, n) -> strikes.add(backend.name())), new TrafficStats(),
                new RetryBudget(20), settings);
        server.start();
    }

    static TestProxy start(int... backendPorts) throws Exception {
        return new TestProxy(SETTINGS, backendPorts);
    }

    static TestProxy start(ProxySettings settings, int... backendPorts) throws Exception {
        return new TestProxy(settings, backendPorts);
    }

    int port() {
        return server.port();
    }

    /** The backends passive health counted a failure against. */
    List<String> strikes() {
        return List.copyOf(strikes);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
