package dev.fulcrum.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.admin.AdminSettings;
import dev.fulcrum.admin.BackendReload;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.Resources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.h2.api.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database that still reads but refuses every write, as a full disk does: each change is 503 and never applied,
 * the pool is reloaded from what the database reads, and the failure is one warning until a change is stored again,
 * however often the pool is reloaded meanwhile. Writes are refused by a trigger on the backend table, switched by a
 * row the test writes, so the reload is sure to succeed while writes fail (on a real full disk, history writes that
 * fail may close the store under it).
 */
class RefusedWritesTest {

    /** Refuses inserts, updates and deletes on the backend table while {@code refuse_writes.refusing} is true. */
    public static final class RefuseWrites implements Trigger {

        @Override
        public void fire(Connection connection, Object[] before, Object[] after) throws SQLException {
            try (Statement statement = connection.createStatement();
                 ResultSet refusing = statement.executeQuery("SELECT refusing FROM refuse_writes")) {
                if (refusing.next() && refusing.getBoolean(1)) {
                    throw new SQLException("No space left on device");
                }
            }
        }
    }

    @RegisterExtension
    final Resources running = new Resources();

    private final LogCapture log = running.add(new LogCapture(BackendReload.class));
    private final String jdbcUrl = TestServers.inMemoryDatabase();

    private void refuseWrites(boolean refusing) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "")) {
            c.createStatement().execute("UPDATE refuse_writes SET refusing = " + refusing);
        }
    }

    private List<String> warnings() {
        return log.messages().stream().filter(line -> line.startsWith("WARN ")).toList();
    }

    @Test
    void aDatabaseThatReadsButCannotWriteIsOneWarningUntilAChangeIsStoredAgain() throws Exception {
        FulcrumServer server = running.add(new FulcrumServer(TestServers.fastChecks(), jdbcUrl,
                new AdminSettings("127.0.0.1", 0, null), RetentionSettings.DEFAULTS, List.of()));
        server.start();
        AdminClient api = new AdminClient(server.adminPort(), null);
        long id = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:1\"}").json().get("id").asLong();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "")) {
            c.createStatement().execute("CREATE TABLE refuse_writes (refusing BOOLEAN NOT NULL)");
            c.createStatement().execute("INSERT INTO refuse_writes VALUES (FALSE)");
            c.createStatement().execute("CREATE TRIGGER refuse_backend_writes BEFORE INSERT, UPDATE, DELETE ON backend"
                    + " FOR EACH ROW CALL '" + RefuseWrites.class.getName() + "'");
        }
        refuseWrites(true);

        assertThat(api.patch("/api/backends/" + id, "{\"weight\": 2}").status()).isEqualTo(503);
        await().until(() -> log.messages().stream().anyMatch(line -> line.startsWith("INFO ")
                && line.contains("routing table reloaded")));
        for (int port = 2; port <= 4; port++) {
            assertThat(api.post("/api/backends", "{\"url\": \"http://127.0.0.1:" + port + "\"}").status())
                    .isEqualTo(503);
        }
        assertThat(api.delete("/api/backends/" + id).status()).isEqualTo(503);

        assertThat(server.pool().backends()).extracting(Backend::id, Backend::weight).containsExactly(
                org.assertj.core.groups.Tuple.tuple(id, 1));
        assertThat(warnings()).as("one warning for the whole failure, reloads or not").singleElement()
                .isEqualTo("WARN admin change refused (503), not applied: database unavailable: No space left on "
                        + "device; routing goes on with the stored backends and is reloaded from the database when it"
                        + " answers again");
        assertThat(log.messages()).noneMatch(line -> line.startsWith("INFO admin changes are stored again"));

        refuseWrites(false);
        assertThat(api.patch("/api/backends/" + id, "{\"weight\": 3}").status()).isEqualTo(200);

        assertThat(log.messages()).contains("INFO admin changes are stored again (5 refused while the database failed)");
        assertThat(server.pool().find(id).orElseThrow().weight()).isEqualTo(3);
        assertThat(warnings()).hasSize(1);
    }
}
