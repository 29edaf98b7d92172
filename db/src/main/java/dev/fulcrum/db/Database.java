package dev.fulcrum.db;

import java.time.Clock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * An open, migrated database: the entry point of this module.
 *
 * <p>Opening runs the Flyway migrations, so the schema is always the one this build expects. H2's own small
 * connection pool keeps connections open, and a file database is created on first use, directories included.
 */
public final class Database implements AutoCloseable {

    private final JdbcConnectionPool pool;
    private final BackendRepository backends;
    private final HistoryRepository history;

    private Database(JdbcConnectionPool pool, Clock clock) {
        this.pool = pool;
        Jdbi jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
        this.backends = new BackendRepository(jdbi, clock);
        this.history = new HistoryRepository(jdbi);
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
        JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, user, password);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (FlywayException e) {
            pool.dispose();
            throw new DatabaseUnavailableException("cannot open database " + jdbcUrl + ": "
                    + Transactions.firstLine(Transactions.rootMessage(e)), e);
        }
        return new Database(pool, clock);
    }

    public BackendRepository backends() {
        return backends;
    }

    public HistoryRepository history() {
        return history;
    }

    /** The pooled data source, for other repositories of this module and for tests. */
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
