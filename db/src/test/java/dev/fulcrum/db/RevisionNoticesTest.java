package dev.fulcrum.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.db.testing.PostgresServer;
import dev.fulcrum.db.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A committed change is announced with its revision's number on a real PostgreSQL, a change that fails is not, and
 * the listener hears of it, and listens again after its session is ended.
 */
@ExtendWith(TestPostgres.class)
class RevisionNoticesTest {

    private static final Author ALICE = new Author("alice", null, null);

    private DatabaseSettings settings;
    private Database database;

    @BeforeEach
    void open(PostgresServer postgres) {
        settings = postgres.newDatabase();
        database = Database.open(settings, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private ConfigStore.Written<BackendRecord> add(String name, int port, boolean fail) {
        return database.config().write(ALICE, null, change -> {
            BackendRecord added = change.createBackend(new NewBackend(name, "http://127.0.0.1:" + port, 1, true));
            change.touched(new Touched("backend", added.id(), null, "{}"));
            change.describe("backend.create", "added backend " + name, null);
            if (fail) {
                change.createBackend(new NewBackend(name + "-again", "http://127.0.0.1:" + port, 1, true));
            }
            return added;
        });
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }

    @Test
    void onlyACommittedChangeIsAnnouncedWithItsRevision() throws Exception {
        try (Connection listening = connect()) {
            listening.createStatement().execute("LISTEN " + ConfigStore.CHANNEL);
            assertThatThrownBy(() -> add("one", 5001, true)).isInstanceOf(DuplicateBackendException.class);
            add("two", 5002, false);

            List<String> payloads = new ArrayList<>();
            PGConnection postgres = listening.unwrap(PGConnection.class);
            await().untilAsserted(() -> {
                PGNotification[] notices = postgres.getNotifications(100);
                for (PGNotification notice : notices == null ? new PGNotification[0] : notices) {
                    payloads.add(notice.getParameter());
                }
                assertThat(payloads).isNotEmpty();
            });
            assertThat(payloads).containsExactly("1");
        }
    }

    @Test
    void theListenerHearsOfChangesAndListensAgainAfterItsSessionIsEnded() throws Exception {
        String name = "listen-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger heard = new AtomicInteger();
        try (AutoCloseable notices = database.listenForRevisions(name, heard::incrementAndGet).orElseThrow()) {
            await().until(() -> heard.get() == 1);
            add("one", 5001, false);
            await().until(() -> heard.get() == 2);

            try (Connection admin = connect()) {
                ResultSet ended = admin.createStatement().executeQuery("SELECT pg_terminate_backend(pid) FROM"
                        + " pg_stat_activity WHERE application_name = '" + name + "'");
                assertThat(ended.next()).isTrue();
            }
            await().until(() -> heard.get() == 3);
            add("two", 5002, false);
            await().until(() -> heard.get() == 4);
        }
    }

    @Test
    void h2HasNoListener() {
        try (Database h2 = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")) {
            assertThat(h2.listenForRevisions("none", () -> { })).isEmpty();
        }
    }
}
