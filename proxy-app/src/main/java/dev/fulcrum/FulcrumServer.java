package dev.fulcrum;

import dev.fulcrum.admin.AdminServer;
import dev.fulcrum.admin.BackendReload;
import dev.fulcrum.admin.BackendService;
import dev.fulcrum.admin.HistoryRoutes;
import dev.fulcrum.db.Database;
import dev.fulcrum.history.HistoryWriter;
import dev.fulcrum.history.RetentionSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole process: the database as the source of truth for backends and the keeper of health history, the
 * balancer on the proxy port, and the admin API on the admin port. Start order is database, history writer, seed,
 * load, balancer, admin, so traffic is routed from the stored list before anyone can change it; stop order is the
 * reverse.
 */
public final class FulcrumServer implements AutoCloseable {

    /** Where the admin API listens, and its token ({@code null} for none, allowed on loopback only). */
    public record AdminSettings(String host, int port, String token) {
    }

    private static final Logger log = LoggerFactory.getLogger(FulcrumServer.class);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final Balancer.Settings balancerSettings;
    private final String jdbcUrl;
    private final AdminSettings adminSettings;
    private final RetentionSettings retention;
    private final List<URI> seeds;
    private final Clock clock = Clock.systemUTC();
    private Database database;
    private HistoryWriter historyWriter;
    private BackendReload reload;
    private Balancer balancer;
    private AdminServer admin;

    public FulcrumServer(Balancer.Settings balancerSettings, String jdbcUrl, AdminSettings adminSettings,
                         RetentionSettings retention, List<URI> seeds) {
        this.balancerSettings = balancerSettings;
        this.jdbcUrl = jdbcUrl;
        this.adminSettings = adminSettings;
        this.retention = retention;
        this.seeds = List.copyOf(seeds);
    }

    public void start() throws Exception {
        database = Database.open(jdbcUrl);
        historyWriter = new HistoryWriter(database.history(), retention, clock, PRUNE_EVERY);
        historyWriter.start();
        balancer = new Balancer(balancerSettings, historyWriter);
        reload = new BackendReload(database.backends(), balancer.pool());
        BackendService backends = new BackendService(database.backends(), reload, balancer.pool(),
                balancer.healthChecker(), historyWriter, clock);
        int added = backends.seed(seeds);
        if (added > 0) {
            log.info("added {} backend(s) from the command line to the database", added);
        }
        backends.loadAll();
        balancer.start();
        HistoryRoutes history = new HistoryRoutes(database.history(), backends, balancer.pool(), balancer.probe(),
                retention, clock);
        admin = new AdminServer(adminSettings.host(), adminSettings.port(), adminSettings.token(), backends,
                balancer.pool(), history, balancer.traffic(), balancer.retryBudget());
        admin.start();
    }

    public Balancer balancer() {
        return balancer;
    }

    public HistoryWriter historyWriter() {
        return historyWriter;
    }

    public int proxyPort() {
        return balancer.port();
    }

    public int adminPort() {
        return admin.port();
    }

    @Override
    public void close() throws Exception {
        try {
            if (admin != null) {
                admin.close();
            }
            if (reload != null) {
                reload.close();
            }
        } finally {
            try {
                if (balancer != null) {
                    balancer.close();
                }
            } finally {
                try {
                    if (historyWriter != null) {
                        historyWriter.close();
                    }
                } finally {
                    if (database != null) {
                        database.close();
                    }
                }
            }
        }
    }
}
