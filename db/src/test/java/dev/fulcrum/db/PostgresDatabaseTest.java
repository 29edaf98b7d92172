package dev.fulcrum.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.db.testing.PostgresServer;
import dev.fulcrum.db.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only PostgreSQL does: a login that fails says so in one line; a server that restarts is used again by the
 * next calls, without reopening; and pruning runs on one of several instances at a time, under an advisory lock.
 */
@ExtendWith(TestPostgres.class)
class PostgresDatabaseTest {

    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);

    @Test
    void aWrongPasswordIsOneLineNamingTheDatabaseNotThePassword(PostgresServer server) {
        DatabaseSettings right = server.newDatabase();

        assertThatThrownBy(() -> Database.open(new DatabaseSettings(right.jdbcUrl(), right.user(), "wrong-password"),
                clock)).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("cannot open database " + right.jdbcUrl())
                .hasMessageContaining("password authentication failed")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-password"));
    }

    @Test
    void aRestartedServerIsUsedAgainByTheNextCallsWithoutReopening(PostgresServer server) {
        try (Database database = Database.open(server.newDatabase(), clock)) {
            long id = database.backends().create(new NewBackend("kept", "http://127.0.0.1:5001", 1, true)).id();

            server.stop();
            try {
                assertThatThrownBy(() -> database.backends().list()).isInstanceOf(DatabaseUnavailableException.class)
                        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
            } finally {
                server.start();
            }

            List<BackendRecord> listed = null;
            for (int attempt = 0; attempt < 2 && listed == null; attempt++) {
                try {
                    listed = database.backends().list();
                } catch (DatabaseUnavailableException e) {
                    // a connection that died with the old server may be handed out once; it is retired then
                }
            }
            assertThat(listed).extracting(BackendRecord::id).containsExactly(id);
            assertThat(database.backends().create(new NewBackend("next", "http://127.0.0.1:5002", 1, true)).id())
                    .isGreaterThan(id);
        }
    }

    @Test
    void whileOneInstancePrunesAnotherSkipsAndEveryOldRowIsDeletedOnce(PostgresServer server) throws Exception {
        DatabaseSettings shared = server.newDatabase();
        try (Database one = Database.open(shared, clock); Database two = Database.open(shared, clock)) {
            List<HealthCheckRow> old = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                old.add(new HealthCheckRow(1, T0.minusSeconds(100_000 + i), true, 200, 1, null, i % 2 == 0 ? "a" : "b"));
            }
            one.history().recordChecks(old);
            try (Connection c = DriverManager.getConnection(shared.jdbcUrl(), shared.user(), shared.password())) {
                c.createStatement().execute("CREATE TABLE deleted (id BIGINT NOT NULL)");
                c.createStatement().execute("CREATE FUNCTION log_delete() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN INSERT INTO deleted VALUES (OLD.id); RETURN OLD; END $$");
                c.createStatement().execute("CREATE TRIGGER health_check_deleted AFTER DELETE ON health_check"
                        + " FOR EACH ROW EXECUTE FUNCTION log_delete()");
            }

            CountDownLatch pruning = new CountDownLatch(1);
            CountDownLatch skipped = new CountDownLatch(1);
            AtomicInteger removedByOne = new AtomicInteger();
            AtomicBoolean oneRan = new AtomicBoolean();
            Thread first = new Thread(() -> oneRan.set(one.history().pruneAlone(() -> {
                removedByOne.addAndGet(one.history().pruneChecks(T0, 200));
                pruning.countDown();
                await(skipped);
                int n;
                do {
                    n = one.history().pruneChecks(T0, 200);
                    removedByOne.addAndGet(n);
                } while (n == 200);
            })));
            first.start();
            await(pruning);
            AtomicInteger removedByTwo = new AtomicInteger();
            boolean twoRan = two.history().pruneAlone(() -> removedByTwo.addAndGet(two.history().pruneChecks(T0, 200)));
            skipped.countDown();
            first.join(30_000);

            assertThat(oneRan).isTrue();
            assertThat(twoRan).as("another instance holds the retention lock").isFalse();
            assertThat(removedByTwo).hasValue(0);
            assertThat(removedByOne).hasValue(500);
            assertThat(two.history().pruneAlone(() -> { })).as("the lock is free again").isTrue();
            try (Connection c = DriverManager.getConnection(shared.jdbcUrl(), shared.user(), shared.password());
                 ResultSet counts = c.createStatement().executeQuery(
                         "SELECT COUNT(*), COUNT(DISTINCT id) FROM deleted")) {
                counts.next();
                assertThat(counts.getLong(1)).isEqualTo(500);
                assertThat(counts.getLong(2)).isEqualTo(500);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
