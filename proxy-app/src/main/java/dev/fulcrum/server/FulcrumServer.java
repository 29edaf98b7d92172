package dev.fulcrum.server;

import dev.fulcrum.admin.AdminServer;
import dev.fulcrum.admin.AdminSettings;
import dev.fulcrum.admin.BackendReload;
import dev.fulcrum.admin.BackendRoutes;
import dev.fulcrum.admin.BackendService;
import dev.fulcrum.admin.ConfigRoutes;
import dev.fulcrum.admin.ConfigService;
import dev.fulcrum.admin.ConfigWriter;
import dev.fulcrum.admin.EventRoutes;
import dev.fulcrum.admin.HistoryRoutes;
import dev.fulcrum.admin.InstanceRoutes;
import dev.fulcrum.admin.MetricsRoutes;
import dev.fulcrum.admin.ProbeRoutes;
import dev.fulcrum.admin.RevisionFollower;
import dev.fulcrum.admin.RevisionRoutes;
import dev.fulcrum.admin.SettingsRoutes;
import dev.fulcrum.admin.SettingsService;
import dev.fulcrum.admin.StartupImport;
import dev.fulcrum.admin.StatsRoutes;
import dev.fulcrum.admin.TlsRoutes;
import dev.fulcrum.admin.TrafficView;
import dev.fulcrum.admin.WebhookRoutes;
import dev.fulcrum.admin.WebhookService;
import dev.fulcrum.db.Database;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.health.HealthChecker;
import dev.fulcrum.health.HealthHistory;
import dev.fulcrum.health.HttpHealthProbe;
import dev.fulcrum.health.PassiveHealthCheck;
import dev.fulcrum.history.HistoryWriter;
import dev.fulcrum.http.IoResources;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.instance.Heartbeat;
import dev.fulcrum.instance.LiveInstances;
import dev.fulcrum.logging.BufferedConsoleAppender;
import dev.fulcrum.metrics.BackendMetrics;
import dev.fulcrum.metrics.PrometheusMetrics;
import dev.fulcrum.metrics.TrafficFigures;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.Balancer;
import dev.fulcrum.proxy.ListenerSettings;
import dev.fulcrum.proxy.ProxyServer;
import dev.fulcrum.proxy.RetryBudget;
import dev.fulcrum.proxy.TrafficStats;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.tls.ServerCertificates;
import dev.fulcrum.values.InstanceIds;
import dev.fulcrum.webhook.WebhookDispatcher;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a running Fulcrum with constructor injection, starts them in order and
 * stops them in the reverse order. The database is the source of truth for backends and the keeper of health
 * history; the proxy routes from the in-memory pool; the admin API changes both.
 *
 * <p>Start order: metrics, database, history writer, webhook dispatcher, probe client and health checker (so that a
 * backend added is probed at once), pool (metered, its settings stored, what the command line imports applied as one
 * revision, and both loaded from the database, so traffic is routed by what is stored before anyone can change it),
 * proxy, the health checker's schedule, the certificate files' checks and the traffic sampler (both on the health
 * checker's scheduler thread), the heartbeat, the follower of other instances' changes and its PostgreSQL listener,
 * admin API. Every part measures time with the one {@link TimeSource}.
 *
 * <p>The checker's results and events go to the history writer, the backends' metrics and the webhooks alike
 * ({@link HealthHistory#all}).
 *
 * <p>Several instances may share one PostgreSQL: each is known by its instance id, probes every backend for its own
 * routing, tags the history it writes with its id, keeps a heartbeat row so that each can list the live ones, and
 * follows the changes the others commit ({@link RevisionFollower}), so that all route by the same configuration.
 */
public final class FulcrumServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FulcrumServer.class);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final TrafficSettings traffic;
    private final DatabaseSettings databaseSettings;
    private final String instanceId;
    private final AdminSettings adminSettings;
    private final RetentionSettings retention;
    private final StartupImport imported;
    private final TimeSource time = TimeSource.SYSTEM;
    private final BackendPool pool = new BackendPool(time);
    private PrometheusMetrics metrics;
    private Database database;
    private HistoryWriter history;
    private WebhookDispatcher webhooks;
    private Heartbeat heartbeat;
    private ScheduledExecutorService healthThread;
    private IoResources io;
    private HttpClient probeClient;
    private HealthChecker checker;
    private BackendReload reload;
    private RevisionFollower follower;
    private AutoCloseable notices;
    private ProxyServer proxy;
    private AdminServer admin;

    /** @param seeds backends to add unless stored, as {@code --backend} does */
    public FulcrumServer(TrafficSettings traffic, String jdbcUrl, AdminSettings adminSettings,
                         RetentionSettings retention, List<URI> seeds) {
        this(traffic, jdbcUrl, adminSettings, retention, StartupImport.urls("--backend", seeds));
    }

    /**
     * One instance on the database at {@code jdbcUrl} (default login), its id the host name and admin port.
     *
     * @param imported what the command line imports at start, as one revision
     */
    public FulcrumServer(TrafficSettings traffic, String jdbcUrl, AdminSettings adminSettings,
                         RetentionSettings retention, StartupImport imported) {
        this(traffic, DatabaseSettings.of(jdbcUrl), InstanceIds.defaultFor(adminSettings.port()), adminSettings,
                retention, imported);
    }

    /**
     * @param instanceId this instance's id among those sharing the database ({@code --instance-id})
     * @param imported what the command line imports at start, as one revision
     */
    public FulcrumServer(TrafficSettings traffic, DatabaseSettings database, String instanceId,
                         AdminSettings adminSettings, RetentionSettings retention, StartupImport imported) {
        this.traffic = traffic;
        this.databaseSettings = database;
        this.instanceId = InstanceIds.requireValid(instanceId);
        this.adminSettings = adminSettings;
        this.retention = retention;
        this.imported = imported;
    }

    public void start() throws Exception {
        metrics = new PrometheusMetrics();
        io = ProxyServer.newIoResources(traffic.proxy()).start();
        database = Database.open(databaseSettings, Clock.systemUTC());
        history = new HistoryWriter(database.history(), instanceId, retention, time, PRUNE_EVERY);
        history.start();
        webhooks = new WebhookDispatcher(database.webhooks(), time, retention.events());
        webhooks.start();
        BackendMetrics backendMetrics = new BackendMetrics(metrics.registry(), pool, time);
        pool.meterWith(backendMetrics);
        HealthHistory events = HealthHistory.all(history, backendMetrics, webhooks);

        healthThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fulcrum-health");
            t.setDaemon(true);
            return t;
        });
        probeClient = HttpHealthProbe.newClient(traffic.health(), traffic.proxy().backendTls(), io);
        // Before anything is imported: a backend added is probed at once.
        probeClient.start();
        HttpHealthProbe probe = new HttpHealthProbe(probeClient, traffic.health(), time);
        checker = new HealthChecker(pool, probe, traffic.health(), traffic.ejection(), events, healthThread, time);

        heartbeat = new Heartbeat(database.instances(), instanceId, version(), time);
        reload = new BackendReload(database.config(), pool, heartbeat::revisionApplied, time);
        ConfigWriter writer = new ConfigWriter(database.config(), reload, pool, checker, events, webhooks,
                webhooks::webhooksChanged, time, retention.revisions());
        SettingsService settings = new SettingsService(database.settings(), writer, pool);
        settings.load(traffic.balancer());
        BackendService backends = new BackendService(database.backends(), database.config(), reload, writer);
        ConfigService config = new ConfigService(database.config(), writer, pool);
        config.importAtStart(imported);
        config.pruneRevisions();
        backends.loadAll();

        TrafficStats trafficStats = new TrafficStats(time);
        RetryBudget retryBudget = new RetryBudget(traffic.proxy().retries().budgetPercent(), time);
        TlsSettings tls = traffic.tls();
        ServerCertificates certificates = tls.certificates();
        proxy = new ProxyServer(listeners(traffic), pool, new Balancer(),
                new PassiveHealthCheck(traffic.ejection().after(), checker), trafficStats, retryBudget,
                traffic.proxy(), time, io);
        proxy.start();
        checker.start();
        if (certificates != null) {
            certificates.start(healthThread);
        }
        long step = BackendMetrics.sampleEvery().toMillis();
        healthThread.scheduleAtFixedRate(() -> sample(backendMetrics), step, step, TimeUnit.MILLISECONDS);
        heartbeat.start();
        follower = new RevisionFollower(database.config(), reload, checker, webhooks::webhooksChanged, time);
        follower.start();
        notices = database.listenForRevisions("fulcrum-listen " + instanceId, follower::heard).orElse(null);
        LiveInstances instances = new LiveInstances(database.instances(), database.config(), instanceId, time);

        TrafficView trafficView = trafficView(trafficStats, retryBudget, backendMetrics);
        WebhookService webhookService = new WebhookService(database.webhooks(), writer, webhooks);
        admin = new AdminServer(adminSettings, tls.admin() ? certificates.newServerFactory() : null,
                List.of(new BackendRoutes(backends, pool, trafficView, traffic.proxy().backendTls().insecure()),
                        new HistoryRoutes(database.history(), backends, instances, retention, time),
                        new InstanceRoutes(instances, time),
                        new EventRoutes(database.history()), new ProbeRoutes(pool, probe),
                        new StatsRoutes(trafficView, pool, time), new SettingsRoutes(settings),
                        new TlsRoutes(certificates, time), new WebhookRoutes(webhookService),
                        new RevisionRoutes(database.config(), config, writer), new ConfigRoutes(config),
                        new MetricsRoutes(accept -> {
                            PrometheusMetrics.Scrape scrape = metrics.scrape(accept);
                            return new MetricsRoutes.Exposition(scrape.contentType(), scrape.body());
                        })));
        admin.start();
        measure(trafficStats, retryBudget);
    }

    /** Takes the backends' traffic sample; on the checker's thread, so it must never throw. */
    private static void sample(BackendMetrics backendMetrics) {
        try {
            backendMetrics.sample();
        } catch (Throwable t) {
            log.error("sampling the backends' traffic failed; it goes on at the next step", t);
        }
    }

    /** Wires each part's own counters into the metrics. */
    private void measure(TrafficStats trafficStats, RetryBudget retryBudget) {
        String[] classes = {"1xx", "2xx", "3xx", "4xx", "5xx"};
        for (int c = 0; c < classes.length; c++) {
            int hundreds = c + 1;
            metrics.counter("fulcrum.requests", "Client requests by the status class they got, those answered "
                    + "without a backend included", () -> trafficStats.requests(hundreds), "code", classes[c]);
        }
        metrics.counter("fulcrum.retries", "Requests tried again on another backend", retryBudget::retries);
        metrics.counter("fulcrum.retries.refused", "Failed requests not tried again because the retry budget was "
                + "spent", retryBudget::refusedRetries);
        metrics.gauge("fulcrum.client.connections", "Client connections open now",
                () -> proxy.clientConnections());
        metrics.counter("fulcrum.client.connection.limit.reached", "Times --max-connections was reached, new "
                + "clients then waiting in the accept backlog", () -> proxy.connectionLimitReached());
        metrics.timer("fulcrum.health.check.schedule.lag", "How late health checks started compared with when "
                + "they were due", () -> checker.lag().probesInAll(), () -> checker.lag().nanosInAll());
        metrics.counter("fulcrum.history.rows.written", "Health-history rows (checks and events) stored",
                history::written);
        metrics.counter("fulcrum.history.rows.dropped", "Health-history rows not stored: the queue was full or "
                + "the database failed", history::dropped);
        metrics.counter("fulcrum.access.log.lines.dropped", "Access-log lines dropped because the output could "
                + "not keep up", BufferedConsoleAppender.droppedLinesOf("fulcrum.access"));
        metrics.counter("fulcrum.webhook.deliveries", "Webhook deliveries by outcome: delivered, a failed try, "
                + "given up after 24 h", webhooks::delivered, "result", "delivered");
        metrics.counter("fulcrum.webhook.deliveries", "Webhook deliveries by outcome: delivered, a failed try, "
                + "given up after 24 h", webhooks::failedTries, "result", "failed_try");
        metrics.counter("fulcrum.webhook.deliveries", "Webhook deliveries by outcome: delivered, a failed try, "
                + "given up after 24 h", webhooks::givenUp, "result", "given_up");
        metrics.counter("fulcrum.webhook.events.dropped", "Events not delivered to webhooks because their queue "
                + "was full", webhooks::dropped);
        metrics.threadPool(proxy.threadPool(), "proxy");
        metrics.threadPool(admin.threadPool(), "admin");
    }

    /**
     * The proxy's ports: plain, TLS or both, the TLS one with a factory of its own serving the certificates; HTTP/2
     * on both unless {@code --no-http2}.
     */
    private static ListenerSettings listeners(TrafficSettings traffic) {
        TlsSettings tls = traffic.tls();
        boolean https = tls.port() != ListenerSettings.NONE;
        return new ListenerSettings(traffic.host(), tls.plain() ? traffic.port() : ListenerSettings.NONE, tls.port(),
                https ? tls.certificates().newServerFactory() : null, tls.redirectHttps(), traffic.http2());
    }

    /** The proxy's counters and the backends' meters as the admin API reads them. */
    private TrafficView trafficView(TrafficStats traffic, RetryBudget retryBudget, BackendMetrics backends) {
        return new TrafficView() {
            @Override
            public List<Second> lastMinutes(long nowEpochSecond) {
                return traffic.lastMinutes(nowEpochSecond).stream()
                        .map(s -> new Second(s.epochSecond(), s.requests(), s.errors())).toList();
            }

            @Override
            public long retries() {
                return retryBudget.retries();
            }

            @Override
            public long refusedRetries() {
                return retryBudget.refusedRetries();
            }

            @Override
            public Minute lastMinute(long backendId) {
                return minute(backends.lastMinute(backendId).orElse(null), pool.load(backendId).inFlight());
            }

            @Override
            public Minute lastMinute() {
                int inFlight = 0;
                for (dev.fulcrum.pool.Backend backend : pool.backends()) {
                    inFlight += pool.load(backend.id()).inFlight();
                }
                return minute(backends.lastMinute(), inFlight);
            }

            @Override
            public List<Step> recent(long backendId) {
                return backends.recent(backendId).stream().map(s -> new Step(Instant.ofEpochMilli(s.atMillis())
                        .toString(), round(s.requestsPerSecond()), round(s.errorsPerSecond()), s.p50Ms(),
                        s.p95Ms())).toList();
            }

            @Override
            public Duration step() {
                return BackendMetrics.sampleEvery();
            }
        };
    }

    private static TrafficView.Minute minute(TrafficFigures figures, int inFlight) {
        if (figures == null) {
            return new TrafficView.Minute(0, 0, 0, 0, 0, 0, null, null, null, 0, inFlight);
        }
        return new TrafficView.Minute(figures.requestsPerSecond(), figures.requests(), figures.status2xx(),
                figures.status3xx(), figures.status4xx(), figures.status5xx(), figures.p50Ms(), figures.p95Ms(),
                figures.p99Ms(), figures.retries(), inFlight);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The live backends and their health, as routing sees them; changes go through the admin API. */
    public BackendPool pool() {
        return pool;
    }

    /** This build's version, from the jar's manifest; {@code development} when run from compiled classes. */
    static String version() {
        String version = FulcrumServer.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** This instance's id among those sharing the database. */
    public String instanceId() {
        return instanceId;
    }

    /** The proxy's plain HTTP port, or -1 without one. */
    public int proxyPort() {
        return proxy.port();
    }

    /** The proxy's HTTPS port, or -1 without one. */
    public int proxyTlsPort() {
        return proxy.tlsPort();
    }

    public int adminPort() {
        return admin.port();
    }

    /**
     * Stops in the reverse order: the admin API first, so nothing changes while the rest stops (nor follows another
     * instance's change); the proxy drains
     * in-flight requests while checking goes on; then the checker, the probe client, the webhook dispatcher (whose
     * pending deliveries stay stored), the history writer (which writes what is queued), the database and the
     * metrics. A part that fails to stop, or never started, keeps no other part running.
     */
    @Override
    public void close() throws Exception {
        ScheduledExecutorService thread = healthThread;
        HttpClient probes = probeClient;
        closeInOrder(admin, notices, follower, heartbeat, reload, traffic.tls().certificates(), proxy, checker,
                thread == null ? null : thread::shutdownNow, probes == null ? null : probes::stop, io, webhooks,
                history, database, metrics);
    }

    private static void closeInOrder(AutoCloseable... parts) throws Exception {
        Exception failure = null;
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
