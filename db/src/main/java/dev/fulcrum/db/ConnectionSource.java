package dev.fulcrum.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * The connections of one database, renewed after a failure.
 *
 * <p>When a write fails on a full or broken disk, H2 closes its store ("panic"), and the connections its pool keeps
 * are dead for good. {@link #renew()} replaces the pool, so the next call opens the database afresh and succeeds as
 * soon as the disk does: no restart. The new pool opens only an existing database ({@code IFEXISTS=TRUE}), so a
 * database file that vanished is reported, not silently recreated empty.
 */
final class ConnectionSource implements ConnectionFactory {

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final AtomicReference<JdbcConnectionPool> pool;
    private volatile boolean closed;

    ConnectionSource(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.pool = new AtomicReference<>(JdbcConnectionPool.create(jdbcUrl, user, password));
    }

    @Override
    public Connection openConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the database is closed", "08003");
        }
        return pool.get().getConnection();
    }

    JdbcConnectionPool current() {
        return pool.get();
    }

    /** Drops every kept connection (those in use are closed when returned); later calls get new ones. */
    void renew() {
        if (closed) {
            return;
        }
        JdbcConnectionPool old = pool.getAndSet(JdbcConnectionPool.create(existingOnly(jdbcUrl), user, password));
        old.dispose();
        if (closed) {
            pool.get().dispose();
        }
    }

    void close() {
        closed = true;
        pool.get().dispose();
    }

    private static String existingOnly(String jdbcUrl) {
        return jdbcUrl.toUpperCase(Locale.ROOT).contains(";IFEXISTS=") ? jdbcUrl : jdbcUrl + ";IFEXISTS=TRUE";
    }
}
