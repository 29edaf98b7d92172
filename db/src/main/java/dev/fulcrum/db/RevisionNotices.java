package dev.fulcrum.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears of every configuration change another instance commits, through PostgreSQL's {@code LISTEN} on
 * {@link ConfigStore#CHANNEL}: one connection of its own, outside the pool (a listening session must stay open, and
 * must not hold a pooled connection that admin calls need), waited on by one named daemon thread.
 *
 * <p>A notice is a hint, not the change: {@code heard} is run once per batch of notices, and once after every
 * (re)connect, since what was sent while nobody listened is lost; the listener of {@code heard} then reads the latest
 * revision. A lost connection is logged once, then opened again after a wait that doubles from
 * {@link #FIRST_RETRY} up to {@link #LAST_RETRY}; the instance's periodic check of the latest revision covers the gap.
 */
public final class RevisionNotices implements AutoCloseable {

    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LAST_RETRY = Duration.ofSeconds(10);
    /** How long one wait for notices blocks, which is how soon {@link #close()} is noticed at the latest. */
    private static final int WAIT_MILLIS = 500;
    /** PostgreSQL keeps the first 63 bytes of an application name. */
    private static final int MAX_NAME = 63;
    private static final Logger log = LoggerFactory.getLogger(RevisionNotices.class);

    private final DatabaseSettings settings;
    private final String applicationName;
    private final Runnable heard;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    private RevisionNotices(DatabaseSettings settings, String applicationName, Runnable heard) {
        this.settings = settings;
        this.applicationName = applicationName.length() <= MAX_NAME ? applicationName
                : applicationName.substring(0, MAX_NAME);
        this.heard = heard;
        this.thread = new Thread(this::run, "fulcrum-listen");
        this.thread.setDaemon(true);
    }

    /** Starts listening; {@code applicationName} names the session in {@code pg_stat_activity}. */
    static RevisionNotices start(DatabaseSettings settings, String applicationName, Runnable heard) {
        RevisionNotices notices = new RevisionNotices(settings, applicationName, heard);
        notices.thread.start();
        return notices;
    }

    /** The wait before the {@code failures}th attempt to connect again in a row: doubling, within the bounds. */
    static Duration retryAfter(int failures) {
        if (failures <= 1) {
            return FIRST_RETRY;
        }
        long millis = FIRST_RETRY.toMillis() << Math.min(failures - 1, 16);
        return Duration.ofMillis(Math.min(millis, LAST_RETRY.toMillis()));
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            try (Connection listening = connect()) {
                connection = listening;
                try (Statement listen = listening.createStatement()) {
                    listen.execute("LISTEN " + ConfigStore.CHANNEL);
                }
                if (failures > 0) {
                    log.info("listening for configuration changes again, after {} failed attempt(s)", failures);
                }
                failures = 0;
                hear();
                PGConnection postgres = listening.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notices = postgres.getNotifications(WAIT_MILLIS);
                    if (notices != null && notices.length > 0) {
                        hear();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                failures++;
                if (failures == 1) {
                    log.warn("not listening for configuration changes: {}; other instances' changes are found by "
                            + "the periodic check until the connection is open again",
                            Transactions.firstLine(Transactions.rootMessage(e)));
                }
                try {
                    Thread.sleep(retryAfter(failures).toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            } finally {
                connection = null;
            }
        }
    }

    private void hear() {
        try {
            heard.run();
        } catch (RuntimeException e) {
            log.error("handling a configuration notice failed", e);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        Vendor vendor = Vendor.POSTGRESQL;
        String user = vendor.user(settings.user());
        String password = vendor.password(settings.password());
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", Long.toString(ConnectionSource.CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(settings.jdbcUrl(), properties);
    }

    /** Stops listening and closes the connection. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        Connection open = connection;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException e) {
                log.debug("closing the listening connection: {}", e.getMessage());
            }
        }
        try {
            thread.join(Duration.ofSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
