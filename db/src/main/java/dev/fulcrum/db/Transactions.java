package dev.fulcrum.db;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs repository work in one transaction and turns database failures into this module's exceptions, so no Jdbi or
 * JDBC type leaves it and nothing is ever half-written: a value the database refuses becomes
 * {@link DuplicateBackendException} or {@link ConstraintViolationException}; anything else is
 * {@link DatabaseUnavailableException}, after which the connections are renewed so that a database that closed
 * itself is opened again on the next call.
 */
final class Transactions {

    /** Column and constraint names as they appear in refusals, and the record components they hold. */
    private static final List<Map.Entry<String, String>> COLUMNS = List.of(Map.entry("health_path", "healthPath"),
            Map.entry("expect_status", "expectStatus"), Map.entry("check_interval_ms", "checkIntervalMs"),
            Map.entry("backend_weight_ck", "weight"), Map.entry("weight", "weight"), Map.entry("name", "name"),
            Map.entry("url", "url"), Map.entry("hash_on", "hashOn"), Map.entry("sticky_cookie", "stickyCookie"),
            Map.entry("slow_start_ms", "slowStartMs"), Map.entry("algorithm", "algorithm"),
            Map.entry("events", "events"), Map.entry("secret", "secret"));

    /** H2 quotes the column first ({@code Value too long for column "NAME CHARACTER VARYING(64)": "'x…'"}). */
    private static final Pattern FIRST_QUOTED = Pattern.compile("\"([^\"]*)\"");

    private final Jdbi jdbi;
    private final ConnectionSource connections;
    private final Vendor vendor;
    private final CommitPolicy commitPolicy;

    Transactions(Jdbi jdbi, ConnectionSource connections, Vendor vendor, CommitPolicy commitPolicy) {
        this.jdbi = jdbi;
        this.connections = connections;
        this.vendor = vendor;
        this.commitPolicy = commitPolicy;
    }

    /** One transaction; committed, but not necessarily on the disk yet when this returns. */
    <T> T run(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.inTransaction(work);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** One transaction that is on stable storage when this returns; if that cannot be made sure, it throws. */
    <T> T runDurably(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(handle -> {
                T result = handle.inTransaction(work);
                commitPolicy.afterCommit(handle);
                return result;
            });
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** Makes whatever is committed durable, outside any repository call (after the migrations, for one). */
    void sync() {
        try {
            jdbi.useHandle(commitPolicy::afterCommit);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * Runs {@code work} unless another instance sharing the database is running work under the same {@code lock}, in
     * which case it returns false without running it. On PostgreSQL this is a session advisory lock held on one pooled
     * connection for the length of the work (the server drops it with the session, should this process die); H2
     * serves one instance only, so there it always runs.
     */
    boolean exclusively(long lock, Runnable work) {
        if (vendor != Vendor.POSTGRESQL) {
            work.run();
            return true;
        }
        try (Handle handle = jdbi.open()) {
            if (!handle.createQuery("SELECT pg_try_advisory_lock(:lock)").bind("lock", lock).mapTo(Boolean.class)
                    .one()) {
                return false;
            }
            try {
                work.run();
            } finally {
                unlock(handle, lock);
            }
            return true;
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * Sends {@code number} on {@code channel} when the transaction of {@code handle} commits, and not at all if it
     * rolls back (PostgreSQL's {@code NOTIFY}); nothing on H2, which serves one instance.
     */
    void notifyOnCommit(Handle handle, String channel, long number) {
        if (vendor == Vendor.POSTGRESQL) {
            handle.execute("NOTIFY " + channel + ", '" + number + "'");
        }
    }

    /** Releases an advisory lock; if that fails, the connection is retired, and its session's locks go with it. */
    private void unlock(Handle handle, long lock) {
        try {
            handle.createQuery("SELECT pg_advisory_unlock(:lock)").bind("lock", lock).mapTo(Boolean.class).one();
        } catch (RuntimeException e) {
            connections.renew();
        }
    }

    private RuntimeException translate(RuntimeException e) {
        if (e instanceof DuplicateBackendException || e instanceof ConstraintViolationException
                || e instanceof DatabaseUnavailableException) {
            return e;
        }
        if (!(e instanceof JdbiException || e instanceof IllegalStateException)) {
            return e;
        }
        DuplicateBackendException duplicate = DuplicateBackendException.from(e);
        if (duplicate != null) {
            return duplicate;
        }
        SQLException refused = refusedValue(e);
        if (refused != null) {
            String field = field(refused);
            return new ConstraintViolationException(field, (field == null ? "a value" : field)
                    + " is not accepted by the database (too long, out of range or missing)", e);
        }
        connections.renew();
        return new DatabaseUnavailableException("database unavailable: " + firstLine(rootMessage(e)), e);
    }

    /** SQLState class 22 (data exception) or 23 (integrity constraint violation): the value, not the database. */
    private static SQLException refusedValue(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return sql;
            }
        }
        return null;
    }

    /** The field a refused value belongs to: PostgreSQL names the column or constraint, H2 quotes it first. */
    private static String field(SQLException refused) {
        if (refused instanceof PSQLException postgres && postgres.getServerErrorMessage() != null) {
            ServerErrorMessage server = postgres.getServerErrorMessage();
            String named = server.getColumn() != null ? server.getColumn() : server.getConstraint();
            if (named != null) {
                return column("\"" + named + "\"");
            }
        }
        return column(refused.getMessage());
    }

    private static String column(String message) {
        if (message == null) {
            return null;
        }
        Matcher quoted = FIRST_QUOTED.matcher(message);
        String where = (quoted.find() ? quoted.group(1) : message).toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> column : COLUMNS) {
            if (Pattern.compile("\\b" + column.getKey() + "\\b").matcher(where).find()) {
                return column.getValue();
            }
        }
        return null;
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    static String firstLine(String text) {
        return text.lines().findFirst().orElse(text);
    }
}
