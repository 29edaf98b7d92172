package dev.fulcrum.db;

import java.util.regex.Pattern;

/**
 * Where the database is and how to log in. A null user or password leaves it to the URL or the driver's default
 * (H2: {@code sa} with an empty password; PostgreSQL: the URL's {@code user} and {@code password}, else the operating
 * system's user name, as {@code psql} does). The password is never part of {@link #toString()}, so it cannot reach a
 * log line, and neither is one that the URL carries ({@link #masked}).
 */
public record DatabaseSettings(String jdbcUrl, String user, String password) {

    /** A password parameter in a JDBC URL: {@code ?password=}, {@code &password=} or H2's {@code ;PASSWORD=}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    /** The database at {@code jdbcUrl} with the default login. */
    public static DatabaseSettings of(String jdbcUrl) {
        return new DatabaseSettings(jdbcUrl, null, null);
    }

    /** The URL as it may be shown: a password it carries replaced by {@code ***}. */
    public static String masked(String jdbcUrl) {
        return jdbcUrl == null ? null : URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + masked(jdbcUrl) + ", user=" + user + ", password="
                + (password == null ? "none" : "(set)") + "]";
    }
}
