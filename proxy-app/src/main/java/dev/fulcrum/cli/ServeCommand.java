package dev.fulcrum.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.admin.SettingsFlags;
import dev.fulcrum.admin.StartupImport;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.db.DatabaseUnavailableException;
import dev.fulcrum.values.Durations;
import dev.fulcrum.health.EjectionSettings;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.pool.Algorithm;
import dev.fulcrum.pool.HashOn;
import dev.fulcrum.proxy.connection.ClientLimits;
import dev.fulcrum.proxy.ProxySettings;
import dev.fulcrum.proxy.RetrySettings;
import dev.fulcrum.proxy.TrustedProxies;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TrafficSettings;
import dev.fulcrum.time.TimeSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fulcrum serve [PORT] [--backend URL...] [--import FILE]}: the balancer, with its configuration kept in the
 * database and managed through the admin API. Backends given on the command line are added to the database unless
 * one with the same URL is stored already; a document imported becomes the configuration; either is one revision.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the load balancer on PORT; backends live in the database and the admin API.")
public final class ServeCommand implements Callable<Integer> {

    /** Where backends are kept unless --db says otherwise. */
    public static final String DEFAULT_DB = "jdbc:h2:file:./data/fulcrum";

    /** Repeated ejections double up to this, as in Envoy's outlier detection. */
    static final Duration MAX_EJECT_TIME = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Parameters(index = "0", arity = "0..1", paramLabel = "PORT", defaultValue = "5432",
            converter = Converters.Port.class, description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--backend", paramLabel = "URL", converter = Converters.BackendUrl.class,
            description = "Add a backend to the database, e.g. http://127.0.0.1:5001. Repeat for more.")
    List<URI> backends = new ArrayList<>();

    @Option(names = "--import", paramLabel = "FILE",
            description = "Make the configuration what a document of fulcrum export says, or add the backends of a "
                    + "server_db.json file of the original balancer; one revision, by startup.")
    Path importFile;

    @Option(names = "--health-path", defaultValue = "/health", paramLabel = "PATH",
            description = "Path probed on every backend (default: ${DEFAULT-VALUE}).")
    String healthPath;

    @Option(names = "--health-interval", defaultValue = "5s", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "Time between probes of a backend (default: ${DEFAULT-VALUE}).")
    Duration healthInterval;

    @Option(names = "--health-timeout", defaultValue = "2s", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long a probe may take (default: ${DEFAULT-VALUE}).")
    Duration healthTimeout;

    @Option(names = "--rise", defaultValue = "2", paramLabel = "N",
            description = "Consecutive passes that bring a DOWN backend back (default: ${DEFAULT-VALUE}).")
    int rise;

    @Option(names = "--fall", defaultValue = "3", paramLabel = "N",
            description = "Consecutive failures that take an UP backend out (default: ${DEFAULT-VALUE}).")
    int fall;


    @Option(names = "--connect-timeout", defaultValue = "1s", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long a connect to a backend may take before the request is tried elsewhere "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--backend-timeout", defaultValue = "30s", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long a backend may take to start its response before the client gets 504 "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration backendTimeout;

    @Option(names = "--idle-timeout", defaultValue = "30s", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long a backend may pause between two parts of a response body it has started "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--retries", defaultValue = "2", paramLabel = "N",
            description = "Extra tries on other backends when one fails before answering (0-7, default: "
                    + "${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--retry-budget", defaultValue = "20", paramLabel = "PERCENT",
            description = "Retries may add at most this share to the requests of the last 10s, plus 10 per second "
                    + "(default: ${DEFAULT-VALUE}).")
    int retryBudget;

    @Option(names = "--retry-idempotent-writes",
            description = "Also retry PUT and DELETE after a backend timed out on them.")
    boolean retryIdempotentWrites;

    @Option(names = "--max-replay-body", defaultValue = "64KB", paramLabel = "SIZE", converter = Converters.Size.class,
            description = "Request body bytes kept in memory so that a failed attempt can be sent again to another "
                    + "backend; a longer body is streamed on and not retried (default: ${DEFAULT-VALUE}, at most 16MB).")
    long maxReplayBody;

    @Option(names = "--trusted-proxies", paramLabel = "CIDRS", converter = Converters.Cidrs.class,
            description = "Comma-separated addresses or CIDR blocks whose X-Forwarded-* headers are kept and extended "
                    + "(default: none, they are replaced).")
    TrustedProxies trustedProxies = TrustedProxies.NONE;

    @Option(names = "--server-header", paramLabel = "NAME",
            description = "Send this Server header on every response (default: no Server header).")
    String serverHeader;

    @Option(names = "--max-header-size", defaultValue = "16KB", paramLabel = "SIZE", converter = Converters.Size.class,
            description = "Largest request line plus headers; more gets 431 (default: ${DEFAULT-VALUE}).")
    long maxHeaderSize;

    @Option(names = "--max-uri-length", defaultValue = "8KB", paramLabel = "SIZE", converter = Converters.Size.class,
            description = "Longest request URI; more gets 414 (default: ${DEFAULT-VALUE}).")
    long maxUriLength;

    @Option(names = "--max-body", defaultValue = "unlimited", paramLabel = "SIZE",
            converter = Converters.SizeOrUnlimited.class,
            description = "Largest request body, e.g. 10MB; more gets 413 (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = "--max-response-header-size", defaultValue = "64KB", paramLabel = "SIZE",
            converter = Converters.Size.class,
            description = "Largest status line plus headers a backend may answer with; more gets the client 502 "
                    + "(default: ${DEFAULT-VALUE}).")
    long maxResponseHeaderSize;

    @Option(names = "--header-timeout", defaultValue = "10s", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long a client may take to send a request head; slower gets 408 (default: "
                    + "${DEFAULT-VALUE}).")
    Duration headerTimeout;

    @Option(names = "--client-idle-timeout", defaultValue = "60s", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long a client connection may stay silent before it is closed (default: "
                    + "${DEFAULT-VALUE}).")
    Duration clientIdleTimeout;

    @Option(names = "--max-connections", defaultValue = "10000", paramLabel = "N",
            description = "Client connections open at once; more wait to be accepted (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--no-http2",
            description = "Speak HTTP/1.1 only: no h2c on the plain port, no h2 on the HTTPS port.")
    boolean noHttp2;

    @Option(names = "--websocket-idle-timeout", defaultValue = "1h", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long a WebSocket may carry no byte either way before both its connections are closed "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration webSocketIdleTimeout;

    @Option(names = "--eject-after", defaultValue = "5", paramLabel = "N",
            description = "Consecutive connect failures or timeouts on live traffic that eject a backend "
                    + "(default: ${DEFAULT-VALUE}).")
    int ejectAfter;

    @Option(names = "--eject-time", defaultValue = "30s", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long an ejected backend stays out, doubling on repeat up to 5m (default: ${DEFAULT-VALUE}).")
    Duration ejectTime;

    @Option(names = "--keep-checks", defaultValue = "24h", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long raw health-check results are kept (default: ${DEFAULT-VALUE}).")
    Duration keepChecks;

    @Option(names = "--keep-rollups", defaultValue = "30d", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long per-minute health rollups are kept (default: ${DEFAULT-VALUE}).")
    Duration keepRollups;

    @Option(names = "--keep-events", defaultValue = "90d", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long state-change events are kept (default: ${DEFAULT-VALUE}).")
    Duration keepEvents;

    @Option(names = "--keep-revisions", defaultValue = "365d", paramLabel = "DURATION",
            converter = Converters.DurationValue.class,
            description = "How long revisions of the configuration are kept; the latest 1000 are kept whatever their "
                    + "age (default: ${DEFAULT-VALUE}).")
    Duration keepRevisions;

    @Option(names = "--no-access-log", description = "Do not log one line per request.")
    boolean noAccessLog;

    @Option(names = "--algorithm", paramLabel = "NAME", converter = Converters.AlgorithmName.class,
            description = "round-robin, least-requests or hash. This and the next three are the first values of a "
                    + "new database; after that the stored ones win (change them with PATCH /api/settings) "
                    + "(default: round-robin).")
    Algorithm algorithm;

    @Option(names = "--hash-on", paramLabel = "KEY", converter = Converters.HashKey.class,
            description = "What hash hashes: header:NAME, cookie:NAME, client-ip or path.")
    HashOn hashOn;

    @Option(names = "--sticky-cookie", paramLabel = "NAME", converter = Converters.CookieName.class,
            description = "Set this cookie so a client's later requests go to the same backend (default: none).")
    String stickyCookie;

    @Option(names = "--slow-start", paramLabel = "DURATION", converter = Converters.SlowStart.class,
            description = "A backend that becomes routable ramps up to its full weight over this time, 1s-1h "
                    + "(default: none, at once).")
    Duration slowStart;

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Mixin
    ControlPlaneOptions controlPlane = new ControlPlaneOptions();

    @Override
    public Integer call() throws Exception {
        TrafficSettings settings = settings();
        StartupImport imported = startupImport();
        controlPlane.withDefaultDb(DEFAULT_DB);
        String instanceId = controlPlane.instanceId();
        FulcrumServer server = new FulcrumServer(settings, controlPlane.databaseSettings(), instanceId,
                controlPlane.adminSettings(), retention(), imported);
        start(server);
        int backends = server.pool().backends().size();
        log.info("Fulcrum listening on {} in front of {} backend(s); health checks every {} on {}",
                ports(server), backends, Durations.format(healthInterval), healthPath);
        String admin = (settings.tls().admin() ? "https" : "http") + "://" + controlPlane.adminHost + ":"
                + server.adminPort();
        log.info("admin API on {}/api/backends; database {}; instance {}", admin,
                DatabaseSettings.masked(controlPlane.jdbcUrl()), instanceId);
        controlPlane.warnIfTokenTravelsInClear(settings.tls().admin());
        tls.warnIfBackendsGoUnchecked();
        if (backends == 0) {
            log.warn("no backends yet: add one with curl -H 'Content-Type: application/json' {}/api/backends -d "
                    + "'{\"url\":\"http://127.0.0.1:5001\"}'", admin);
        }
        Lifecycle.runUntilStopped(server);
        return 0;
    }

    /** Where the balancer listens: {@code 0.0.0.0:5432}, or {@code 0.0.0.0:5432 (HTTP) and 0.0.0.0:8443 (HTTPS)}. */
    private String ports(FulcrumServer server) {
        if (server.proxyTlsPort() < 0) {
            return host + ":" + server.proxyPort();
        }
        String https = host + ":" + server.proxyTlsPort() + " (HTTPS)";
        if (server.proxyPort() < 0) {
            return https;
        }
        return host + ":" + server.proxyPort() + (tls.redirectHttps ? " (HTTP, redirecting to HTTPS)" : " (HTTP)")
                + " and " + https;
    }

    /** Starts the whole server, turning a busy port or an unusable database into a one-line error. */
    static void start(FulcrumServer server) throws Exception {
        try {
            Startup.start(server::start, server);
        } catch (DatabaseUnavailableException e) {
            throw new UserError(e.getMessage());
        }
    }

    TrafficSettings settings() {
        try {
            HealthCheckSettings health = new HealthCheckSettings(healthPath, healthInterval, healthTimeout, rise, fall);
            ClientLimits limits = new ClientLimits(saturatedInt(maxHeaderSize), saturatedInt(maxUriLength), maxBody,
                    headerTimeout, clientIdleTimeout, maxConnections);
            RetrySettings retrySettings = new RetrySettings(retries, retryBudget, retryIdempotentWrites,
                    saturatedInt(maxReplayBody));
            ProxySettings proxy = new ProxySettings(connectTimeout, backendTimeout, idleTimeout, retrySettings, limits,
                    trustedProxies, serverHeader, healthInterval, !noAccessLog, saturatedInt(maxResponseHeaderSize),
                    tls.backendTls(), webSocketIdleTimeout);
            EjectionSettings ejection = new EjectionSettings(ejectAfter, ejectTime,
                    ejectTime.compareTo(MAX_EJECT_TIME) > 0 ? ejectTime : MAX_EJECT_TIME);
            return new TrafficSettings(host, port, proxy, health, ejection, tls.settings(port, TimeSource.SYSTEM),
                    balancerFlags(), !noHttp2);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The balancer flags given; they must make sense together, even on a database whose stored values win. */
    private SettingsFlags balancerFlags() {
        SettingsFlags flags = new SettingsFlags(algorithm, hashOn, stickyCookie, slowStart);
        try {
            flags.initial();
        } catch (IllegalArgumentException e) {
            throw new UserError("--algorithm hash needs --hash-on: header:NAME, cookie:NAME, client-ip or path");
        }
        return flags;
    }

    private static int saturatedInt(long value) {
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    RetentionSettings retention() {
        try {
            return new RetentionSettings(keepChecks, keepRollups, keepEvents, keepRevisions);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** What {@code --import} and {@code --backend} bring, read and checked before anything starts. */
    StartupImport startupImport() {
        StartupImport imported = StartupImport.NONE;
        if (importFile != null) {
            try {
                imported = new ImportFile(new ObjectMapper()).read(importFile);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        return imported.with("--backend", List.copyOf(new LinkedHashSet<>(backends)));
    }
}
