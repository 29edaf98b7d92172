package dev.fulcrum.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * The connections of one database: a small HikariCP pool with timeouts, renewed after a failure.
 *
 * <p>Only the control plane uses it (admin calls, the history writer, the heartbeat, reloads), so a few connections
 * are plenty, and a database that is slow or gone costs a caller at most {@link #CONNECT_TIMEOUT} to learn it (a 503,
 * a dropped history batch), never a request thread. When a write fails on a full or broken disk, H2 closes its store
 * ("panic"), and the connections the pool keeps are dead for good; when PostgreSQL restarts, so are they.
 * {@link #renew()} retires every kept connection, so the next call connects afresh and succeeds as soon as the
 * database does: no restart.
 */
final class ConnectionSource implements ConnectionFactory {

    /** How long a caller waits for a connection, connecting included, before the call fails. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** How long checking that a kept connection still works may take. */
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);
    /** A statement's answer must begin to arrive within this (PostgreSQL); a pruning chunk or a summary needs less. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    static final int POOL_SIZE = 4;

    private final HikariDataSource pool;
    private volatile boolean closed;

    ConnectionSource(Vendor vendor, DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("fulcrum-db");
        config.setDriverClassName(vendor.driver());
        config.setJdbcUrl(vendor.poolUrl(settings.jdbcUrl()));
        config.setUsername(vendor.user(settings.user()));
        config.setPassword(vendor.password(settings.password()));
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
        if (vendor == Vendor.POSTGRESQL) {
            config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
            config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
            config.addDataSourceProperty("tcpKeepAlive", "true");
            config.addDataSourceProperty("ApplicationName", "fulcrum");
        } else {
            // Embedded connections do not go stale, and an in-memory database lives only while one is open.
            config.setMaxLifetime(0);
        }
        this.pool = new HikariDataSource(config);
    }

    @Override
    public Connection openConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the database is closed", "08003");
        }
        return pool.getConnection();
    }

    DataSource dataSource() {
        return pool;
    }

    /** Retires every kept connection (those in use when they are returned); later calls get new ones. */
    void renew() {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (!closed && bean != null) {
            bean.softEvictConnections();
        }
    }

    void close() {
        closed = true;
        pool.close();
    }
}
