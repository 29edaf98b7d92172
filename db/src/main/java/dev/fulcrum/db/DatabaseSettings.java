package dev.fulcrum.db;

/**
 * Where the database is and how to log in. A null user or password leaves it to the URL or the driver's default
 * (H2: {@code sa} with an empty password; PostgreSQL: the URL's {@code user} and {@code password}, else the operating
 * system's user name, as {@code psql} does). The password is never part of {@link #toString()}, so it cannot reach a
 * log line.
 */
public record DatabaseSettings(String jdbcUrl, String user, String password) {

    /** The database at {@code jdbcUrl} with the default login. */
    public static DatabaseSettings of(String jdbcUrl) {
        return new DatabaseSettings(jdbcUrl, null, null);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password="
                + (password == null ? "none" : "(set)") + "]";
    }
}
