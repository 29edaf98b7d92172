package dev.fulcrum.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * An open, migrated database: the entry point of this module.
 *
 * <p>H2, embedded, holds one instance's configuration and history; PostgreSQL holds those of several instances that
 * share it. Opening runs the Flyway migrations (the same ones on both; PostgreSQL takes its own lock while migrating,
 * so of several instances starting at once one migrates and the others find nothing to do), so the schema is always
 * the one this build expects, and makes them durable. Connections come from a small HikariCP pool
 * ({@link ConnectionSource}), renewed after a failure so that a store H2 closed (a full disk) or a PostgreSQL that
 * restarted is used again by itself; an H2 file database is created on first use, directories included. Backend and
 * settings changes are on stable storage when their repository call returns (see {@link CommitPolicy}), each with the
 * revision that records it ({@link ConfigStore}); health history is not waited for.
 */
public final class Database implements AutoCloseable {

    private final DatabaseSettings where;
    private final Vendor vendor;
    private final ConnectionSource connections;
    private final BackendRepository backends;
    private final SettingsRepository settings;
    private final HistoryRepository history;
    private final WebhookRepository webhooks;
    private final ConfigStore config;
    private final InstanceRepository instances;
    private final int migrationsRun;

    private Database(DatabaseSettings settings, Vendor vendor, ConnectionSource connections,
                     Transactions transactions, Clock clock, int migrationsRun) {
        this.where = settings;
        this.vendor = vendor;
        this.connections = connections;
        this.migrationsRun = migrationsRun;
        this.backends = new BackendRepository(transactions, clock);
        this.settings = new SettingsRepository(transactions, clock);
        this.history = new HistoryRepository(transactions);
        this.webhooks = new WebhookRepository(transactions, clock);
        this.config = new ConfigStore(transactions, clock);
        this.instances = new InstanceRepository(transactions);
    }

    /** Opens and migrates the database at {@code jdbcUrl} with the default login (H2's {@code sa}). */
    public static Database open(String jdbcUrl) {
        return open(DatabaseSettings.of(jdbcUrl), Clock.systemUTC());
    }

    public static Database open(String jdbcUrl, String user, String password, Clock clock) {
        return open(new DatabaseSettings(jdbcUrl, user, password), clock);
    }

    public static Database open(DatabaseSettings settings, Clock clock) {
        Vendor vendor = Vendor.of(settings.jdbcUrl());
        ConnectionSource connections = null;
        try (Connection creating = create(vendor, settings)) {
            connections = new ConnectionSource(vendor, settings);
            Transactions transactions = new Transactions(Jdbi.create(connections).installPlugin(new SqlObjectPlugin()),
                    connections, vendor, CommitPolicy.forUrl(settings.jdbcUrl()));
            int migrated = Flyway.configure().dataSource(connections.dataSource()).locations("classpath:db/migration")
                    .load().migrate().migrationsExecuted;
            transactions.sync();
            return new Database(settings, vendor, connections, transactions, clock, migrated);
        } catch (SQLException | RuntimeException e) {
            if (connections != null) {
                connections.close();
            }
            throw new DatabaseUnavailableException("cannot open database " + DatabaseSettings.masked(settings.jdbcUrl())
                    + ": "
                    + Transactions.firstLine(Transactions.rootMessage(e)), e);
        }
    }

    /**
     * Creates an H2 database that does not exist yet, and keeps it open until the pool has connections of its own
     * (an in-memory database lives only while one is open); null for PostgreSQL, whose database the user creates.
     */
    private static Connection create(Vendor vendor, DatabaseSettings settings) throws SQLException {
        if (vendor != Vendor.H2) {
            return null;
        }
        return DriverManager.getConnection(settings.jdbcUrl(), vendor.user(settings.user()),
                vendor.password(settings.password()));
    }

    /**
     * Runs {@code heard} whenever another instance sharing this PostgreSQL may have committed a configuration change
     * ({@link RevisionNotices}), on a connection of its own named {@code applicationName}; empty on H2, which one
     * instance has to itself.
     */
    public Optional<AutoCloseable> listenForRevisions(String applicationName, Runnable heard) {
        if (vendor != Vendor.POSTGRESQL) {
            return Optional.empty();
        }
        return Optional.of(RevisionNotices.start(where, applicationName, heard));
    }

    /** How many migrations this open applied: every one on a new database, none on one already current. */
    public int migrationsRun() {
        return migrationsRun;
    }

    public BackendRepository backends() {
        return backends;
    }

    public SettingsRepository settings() {
        return settings;
    }

    public HistoryRepository history() {
        return history;
    }

    public WebhookRepository webhooks() {
        return webhooks;
    }

    /** The configuration's change history, and the one way to change the configuration with a revision. */
    public ConfigStore config() {
        return config;
    }

    public InstanceRepository instances() {
        return instances;
    }

    @Override
    public void close() {
        connections.close();
    }
}
