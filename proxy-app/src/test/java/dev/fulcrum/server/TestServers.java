package dev.fulcrum.server;

import dev.fulcrum.admin.AdminSettings;
import dev.fulcrum.admin.AdminTokens;
import dev.fulcrum.admin.StartupImport;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.health.EjectionSettings;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.proxy.ProxySettings;
import dev.fulcrum.tls.BackendTls;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Settings and helpers shared by the end-to-end tests: everything on 127.0.0.1, every port chosen by the OS. */
public final class TestServers {

    private TestServers() {
    }

    public static TrafficSettings fastChecks() {
        return settings(new HealthCheckSettings("/health", Duration.ofMillis(100), Duration.ofMillis(500), 2, 3),
                Duration.ofSeconds(5));
    }

    /** {@link #fastChecks()} with TLS as {@code tls} says, backend certificates checked as {@code backends} says. */
    public static TrafficSettings fastChecks(TlsSettings tls, BackendTls backends) {
        TrafficSettings plain = fastChecks();
        return new TrafficSettings(plain.host(), plain.port(), plain.proxy().withBackendTls(backends), plain.health(),
                plain.ejection(), tls);
    }

    public static TrafficSettings settings(HealthCheckSettings health, Duration backendTimeout) {
        return new TrafficSettings("127.0.0.1", 0,
                ProxySettings.DEFAULTS.withTimeouts(Duration.ofSeconds(1), backendTimeout, backendTimeout)
                        .withRetryAfter(Duration.ofSeconds(1)), health,
                EjectionSettings.DEFAULTS);
    }

    /** A fresh in-memory H2 of its own, kept while connections come and go. */
    public static String inMemoryDatabase() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * A whole server (balancer, admin API, history) on ports chosen by the OS, over a fresh in-memory H2; started.
     *
     * @param token the admin token, or null for none
     */
    public static FulcrumServer startInMemory(String token, List<URI> seeds) throws Exception {
        return start(fastChecks(), token, seeds);
    }

    /** As {@link #startInMemory}, with these traffic settings; the seeds get the ids 1, 2, ... in their order. */
    public static FulcrumServer start(TrafficSettings traffic, String token, List<URI> seeds) throws Exception {
        FulcrumServer server = new FulcrumServer(traffic, inMemoryDatabase(),
                new AdminSettings("127.0.0.1", 0, AdminTokens.single(token)), RetentionSettings.DEFAULTS, seeds);
        server.start();
        return server;
    }

    /** A whole server on {@code jdbcUrl} with these tokens, importing {@code imported} at start; started. */
    public static FulcrumServer start(String jdbcUrl, AdminTokens tokens, StartupImport imported) throws Exception {
        FulcrumServer server = new FulcrumServer(fastChecks(), jdbcUrl, new AdminSettings("127.0.0.1", 0, tokens),
                RetentionSettings.DEFAULTS, imported);
        server.start();
        return server;
    }

    /**
     * A whole server on the given database as the instance {@code instanceId}, with these traffic settings; started.
     * Instances sharing a PostgreSQL each need an id of their own.
     */
    public static FulcrumServer start(TrafficSettings traffic, DatabaseSettings database, String instanceId,
                                      String token, List<URI> seeds) throws Exception {
        FulcrumServer server = new FulcrumServer(traffic, database, instanceId,
                new AdminSettings("127.0.0.1", 0, AdminTokens.single(token)), RetentionSettings.DEFAULTS,
                StartupImport.urls("--backend", seeds));
        try {
            server.start();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** As above with {@link #fastChecks()} and the instance id {@code test:1}. */
    public static FulcrumServer start(DatabaseSettings database, String token, List<URI> seeds) throws Exception {
        return start(fastChecks(), database, "test:1", token, seeds);
    }

    public static URI local(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A port nothing listens on: bound by the OS, then released. */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
