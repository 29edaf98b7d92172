package dev.fulcrum;

import dev.fulcrum.config.BackendUrls;
import dev.fulcrum.health.EjectionSettings;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.health.HealthHistory;
import dev.fulcrum.health.HealthChecker;
import dev.fulcrum.health.HttpHealthProbe;
import dev.fulcrum.health.PassiveHealthCheck;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.RoundRobinSelector;
import dev.fulcrum.proxy.ProxyServer;
import dev.fulcrum.proxy.ProxySettings;
import dev.fulcrum.proxy.RetryBudget;
import dev.fulcrum.proxy.TrafficStats;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One running balancer: the pool of backends, the health checker that keeps it honest, and the proxy in front.
 * Assembles the parts with constructor injection and owns their start and stop order.
 */
public final class Balancer implements AutoCloseable {

    /** Where the balancer listens and how it treats backends. */
    public record Settings(String host, int port, ProxySettings proxy, HealthCheckSettings health,
                           EjectionSettings ejection) {
    }

    private final BackendPool pool = new BackendPool();
    private final TrafficStats traffic = new TrafficStats();
    private final RetryBudget retryBudget;
    private final ScheduledExecutorService healthScheduler;
    private final HttpClient probeClient;
    private final HttpHealthProbe probe;
    private final HealthChecker healthChecker;
    private final ProxyServer proxy;

    /** A balancer over a fixed in-memory list, numbered from 1 in the given order, keeping no history. */
    public Balancer(Settings settings, List<URI> backendUrls) {
        this(settings, HealthHistory.NONE);
        List<Backend> backends = new ArrayList<>();
        long id = 1;
        for (URI url : backendUrls) {
            backends.add(new Backend(id++, BackendUrls.defaultName(url), url, 1, true));
        }
        pool.replaceAll(backends);
    }

    /** A balancer with an empty pool, for the control plane to fill. */
    public Balancer(Settings settings, HealthHistory history) {
        healthScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fulcrum-health");
            t.setDaemon(true);
            return t;
        });
        QueuedThreadPool probeThreads = new QueuedThreadPool(8, 1);
        probeThreads.setName("fulcrum-probe");
        probeThreads.setDaemon(true);
        probeClient = new HttpClient();
        probeClient.setExecutor(probeThreads);
        probeClient.setConnectTimeout(settings.health().timeout().toMillis());
        probeClient.setFollowRedirects(false);
        probe = new HttpHealthProbe(probeClient, settings.health(), Clock.systemUTC());
        healthChecker = new HealthChecker(pool, probe, settings.health(), settings.ejection(), history,
                healthScheduler, Clock.systemUTC());
        retryBudget = new RetryBudget(settings.proxy().retries().budgetPercent());
        proxy = new ProxyServer(settings.host(), settings.port(), pool, new RoundRobinSelector(),
                new PassiveHealthCheck(settings.ejection().after(), healthChecker), traffic, retryBudget, settings.proxy());
    }

    public void start() throws Exception {
        probeClient.start();
        proxy.start();
        healthChecker.start();
    }

    public int port() {
        return proxy.port();
    }

    public BackendPool pool() {
        return pool;
    }

    public TrafficStats traffic() {
        return traffic;
    }

    /** Retries made and refused, for the admin API's traffic view. */
    public RetryBudget retryBudget() {
        return retryBudget;
    }

    public HealthChecker healthChecker() {
        return healthChecker;
    }

    /** The probe the checker uses, for probes on demand from the admin API. */
    public HttpHealthProbe probe() {
        return probe;
    }

    /** Stops taking new connections, drains in-flight requests, then stops checking. */
    @Override
    public void close() throws Exception {
        try {
            proxy.close();
        } finally {
            healthChecker.close();
            healthScheduler.shutdownNow();
            probeClient.stop();
        }
    }
}
