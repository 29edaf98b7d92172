package dev.fulcrum.db;

import java.util.Locale;

/**
 * The databases Fulcrum runs on, told apart by their JDBC URL: H2, embedded, for one instance; PostgreSQL, shared by
 * several. What differs between them is kept here and in {@link CommitPolicy}; the SQL is the same.
 */
enum Vendor {

    H2("jdbc:h2:", "org.h2.Driver", "sa", ""),
    POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver", null, null);

    private final String prefix;
    private final String driver;
    private final String defaultUser;
    private final String defaultPassword;

    Vendor(String prefix, String driver, String defaultUser, String defaultPassword) {
        this.prefix = prefix;
        this.driver = driver;
        this.defaultUser = defaultUser;
        this.defaultPassword = defaultPassword;
    }

    /** The vendor of a URL, or a one-line refusal naming the URLs that work. */
    static Vendor of(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new DatabaseUnavailableException("'" + DatabaseSettings.masked(jdbcUrl) + "' is not a JDBC URL (e.g. jdbc:h2:file:./data/fulcrum"
                    + " or jdbc:postgresql://db.internal:5432/fulcrum)", null);
        }
        for (Vendor vendor : values()) {
            if (jdbcUrl.startsWith(vendor.prefix)) {
                return vendor;
            }
        }
        throw new DatabaseUnavailableException("'" + DatabaseSettings.masked(jdbcUrl) + "' is neither an H2 nor a PostgreSQL URL (jdbc:h2:... or"
                + " jdbc:postgresql://HOST:PORT/DB)", null);
    }

    String driver() {
        return driver;
    }

    String user(String given) {
        return given == null ? defaultUser : given;
    }

    String password(String given) {
        return given == null ? defaultPassword : given;
    }

    /**
     * The URL the pool connects with. An H2 URL opens only a database that exists ({@code IFEXISTS=TRUE}): it is
     * created once, before the pool starts, so a database file that vanishes while Fulcrum runs is reported instead
     * of being silently recreated empty.
     */
    String poolUrl(String jdbcUrl) {
        if (this != H2 || jdbcUrl.toUpperCase(Locale.ROOT).contains(";IFEXISTS=")) {
            return jdbcUrl;
        }
        return jdbcUrl + ";IFEXISTS=TRUE";
    }
}
