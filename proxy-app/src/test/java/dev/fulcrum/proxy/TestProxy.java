package dev.fulcrum.proxy;

import static dev.fulcrum.server.TestServers.local;

import dev.fulcrum.health.PassiveHealthCheck;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.Balancer;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.tls.CertificateFiles;
import dev.fulcrum.tls.ServerCertificates;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ProxyServer} on a port from the OS in front of backends named b1, b2, ... on 127.0.0.1, with no health
 * checker: the pool is the test's to change, and every passive-health strike is recorded (and, if asked, acted on as
 * the checker's ejection would) so that a test sees exactly which failures counted against which backend.
 */
final class TestProxy implements AutoCloseable {

    /** Short timeouts, no access log. */
    static final ProxySettings SETTINGS = ProxySettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3))
            .withRetryAfter(Duration.ofSeconds(1)).withAccessLog(false);

    /** {@link #SETTINGS} with this first-byte and idle timeout for backends. */
    static ProxySettings settings(Duration backendTimeout) {
        return SETTINGS.withTimeouts(Duration.ofSeconds(1), backendTimeout, backendTimeout);
    }

    private final BackendPool pool = new BackendPool();
    private final RetryBudget budget;
    private final List<String> strikes = new CopyOnWriteArrayList<>();
    private final ProxyServer server;
    private volatile boolean ejectOnStrike;

    private TestProxy(ProxySettings settings, RetryBudget budget, int... backendPorts) throws Exception {
        this(ListenerSettings.plain("127.0.0.1", 0), settings, budget, backendPorts);
    }

    private TestProxy(ListenerSettings listeners, ProxySettings settings, RetryBudget budget, int... backendPorts)
            throws Exception {
        this.budget = budget;
        List<Backend> backends = new ArrayList<>();
        for (int i = 0; i < backendPorts.length; i++) {
            backends.add(new Backend(i + 1, "b" + (i + 1), local(backendPorts[i]), 1, true));
        }
        pool.replaceAll(backends);
        // One failure is enough to be "ejected", so a single strike against a backend shows in strikes().
        server = new ProxyServer(listeners, pool, new Balancer(),
                new PassiveHealthCheck(1, (backend, n) -> strike(backend)), new TrafficStats(TimeSource.SYSTEM), budget, settings,
                TimeSource.SYSTEM);
        server.start();
    }

    static TestProxy start(int... backendPorts) throws Exception {
        return start(SETTINGS, backendPorts);
    }

    static TestProxy start(ProxySettings settings, int... backendPorts) throws Exception {
        return start(settings, new RetryBudget(settings.retries().budgetPercent(), TimeSource.SYSTEM), backendPorts);
    }

    static TestProxy start(ProxySettings settings, RetryBudget budget, int... backendPorts) throws Exception {
        return new TestProxy(settings, budget, backendPorts);
    }

    /** A proxy on these ports (a TLS one among them) in front of backends b1, b2, ... */
    static TestProxy start(ListenerSettings listeners, ProxySettings settings, int... backendPorts) throws Exception {
        return new TestProxy(listeners, settings, new RetryBudget(settings.retries().budgetPercent(),
                TimeSource.SYSTEM), backendPorts);
    }

    /** A plain port and a TLS port serving this certificate, both chosen by the OS, with HTTP/2. */
    static ListenerSettings plainAndTls(Path certificate, Path key) {
        return new ListenerSettings("127.0.0.1", 0, 0, ServerCertificates.load(List.of(new CertificateFiles(
                certificate, key)), TimeSource.SYSTEM).newServerFactory(), false);
    }

    private void strike(Backend backend) {
        strikes.add(backend.name());
        if (ejectOnStrike) {
            pool.replaceAll(pool.backends().stream().filter(b -> b.id() != backend.id()).toList());
        }
    }

    /** From now on a strike also takes the backend out of the routing table, as the checker's ejection does. */
    TestProxy ejectingOnStrike() {
        ejectOnStrike = true;
        return this;
    }

    int port() {
        return server.port();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** The HTTPS port, or -1 without one. */
    int tlsPort() {
        return server.tlsPort();
    }

    URI httpsUri(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + tlsPort() + pathAndQuery);
    }

    BackendPool pool() {
        return pool;
    }

    RetryBudget budget() {
        return budget;
    }

    int clientConnections() {
        return server.clientConnections();
    }

    /** The backends passive health counted a failure against, once per failure. */
    List<String> strikes() {
        return List.copyOf(strikes);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
