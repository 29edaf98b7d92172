package dev.fulcrum.db;

import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * An open, migrated database: the entry point of this module.
 *
 * <p>Opening runs the Flyway migrations, so the schema is always the one this build expects, and makes them durable.
 * H2's own small connection pool keeps connections open, renewed after a failure so that a store H2 closed (a full
 * disk) opens again by itself; a file database is created on first use, directories included. Backend and settings
 * changes are on stable storage when their repository call returns (see {@link CommitPolicy}); health history is not
 * waited for.
 */
public final class Database implements AutoCloseable {

    private final ConnectionSource connections;
    private final BackendRepository backends;
    private final SettingsRepository settings;
    private final HistoryRepository history;
    private final WebhookRepository webhooks;

    private Database(ConnectionSource connections, Transactions transactions, Clock clock) {
        this.connections = connections;
        this.backends = new BackendRepository(transactions, clock);
        this.settings = new SettingsRepository(transactions, clock);
        this.history = new HistoryRepository(transactions);
        this.webhooks = new WebhookRepository(transactions, clock);
    }

    /** Opens and migrates the database at {@code jdbcUrl} (H2's default user {@code sa}, empty password). */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, "sa", "", Clock.systemUTC());
    }

    public static Database open(String jdbcUrl, String user, String password, Clock clock) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new DatabaseUnavailableException("'" + jdbcUrl + "' is not a JDBC URL (e.g. jdbc:h2:file:./data/fulcrum)",
                    null);
        }
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            throw new DatabaseUnavailableException("'" + jdbcUrl + "' is not an H2 URL; this version supports H2 only",
                    null);
        }
        ConnectionSource connections = new ConnectionSource(jdbcUrl, user, password);
        Transactions transactions = new Transactions(Jdbi.create(connections).installPlugin(new SqlObjectPlugin()),
                connections, CommitPolicy.forUrl(jdbcUrl));
        try {
            Flyway.configure().dataSource(connections.current()).locations("classpath:db/migration").load().migrate();
            transactions.sync();
        } catch (FlywayException | DatabaseUnavailableException e) {
            connections.close();
            throw new DatabaseUnavailableException("cannot open database " + jdbcUrl + ": "
                    + Transactions.firstLine(Transactions.rootMessage(e)), e);
        }
        return new Database(connections, transactions, clock);
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

    @Override
    public void close() {
        connections.close();
    }
}
