package dev.fulcrum.db.testing;

import dev.fulcrum.db.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A kind of database a test runs on, giving a new, empty database of that kind per call of {@link #fresh()}: an H2 in
 * memory, or a database of its own on the run's PostgreSQL server. Its {@code toString} names the kind in test names.
 */
public final class TestDatabase {

    private final String name;
    private final Supplier<DatabaseSettings> fresh;
    private final Consumer<DatabaseSettings> remove;

    private TestDatabase(String name, Supplier<DatabaseSettings> fresh, Consumer<DatabaseSettings> remove) {
        this.name = name;
        this.fresh = fresh;
        this.remove = remove;
    }

    public static TestDatabase h2() {
        return new TestDatabase("H2", () -> new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", "sa", ""), database -> execute(database, "SHUTDOWN"));
    }

    public static TestDatabase postgres(PostgresServer server) {
        return new TestDatabase("PostgreSQL", server::newDatabase, server::dropDatabase);
    }

    /** PostgreSQL that this run cannot have: each use skips (or fails) the test as {@code unavailable} says. */
    static TestDatabase unavailable(RuntimeException unavailable) {
        return new TestDatabase("PostgreSQL", () -> {
            throw unavailable;
        }, database -> {
            throw unavailable;
        });
    }

    public DatabaseSettings fresh() {
        return fresh.get();
    }

    /** Makes the database go away under whoever uses it: H2 shuts down, PostgreSQL drops it, ending its sessions. */
    public void remove(DatabaseSettings database) {
        remove.accept(database);
    }

    /** Runs one statement on the database, on a connection of its own. */
    public static void execute(DatabaseSettings database, String sql) {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    public boolean isH2() {
        return name.equals("H2");
    }

    @Override
    public String toString() {
        return name;
    }
}
