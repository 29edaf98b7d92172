package dev.fulcrum.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.admin.AdminSettings;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.pool.Backend;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a write failed, routing follows what the database stores, not what the balancer last knew: the database
 * (H2 over TCP) goes away, a change is refused, the stored rows are changed behind the balancer's back meanwhile, and
 * when the database answers again routing and the API show the stored rows, with no further write.
 */
class ReloadAfterFailedWriteTest {

    @TempDir
    Path dir;

    private Server h2;
    private FulcrumServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (h2 != null) {
            h2.stop();
        }
    }

    private Server startH2(int port) throws Exception {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists")
                .start();
    }

    private Backend routed(long id) {
        return server.pool().find(id).orElse(null);
    }

    @Test
    void afterARefusedWriteRoutingIsReloadedFromWhatIsStoredOnceTheDatabaseAnswers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        h2 = startH2(port);
        server = new FulcrumServer(TestServers.fastChecks(), "jdbc:h2:tcp://127.0.0.1:" + port + "/fulcrum",
                new AdminSettings("127.0.0.1", 0, null), RetentionSettings.DEFAULTS, List.of());
        server.start();
        AdminClient api = new AdminClient(server.adminPort(), null);
        long id = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:1\"}").json().get("id").asLong();

        h2.stop();
        AdminClient.Reply refused = api.patch("/api/backends/" + id, "{\"weight\": 5}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(routed(id).weight()).isEqualTo(1);

        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("fulcrum"), "sa", "")) {
            c.createStatement().execute("UPDATE backend SET weight = 7, enabled = FALSE WHERE id = " + id);
            c.createStatement().execute("INSERT INTO backend (name, url, weight, enabled, created_at, updated_at)"
                    + " VALUES ('restored', 'http://127.0.0.1:2', 3, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        }
        h2 = startH2(port);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(routed(id)).extracting(Backend::weight, Backend::enabled).containsExactly(7, false);
            assertThat(server.pool().backends()).extracting(Backend::name)
                    .containsExactly("127.0.0.1-1", "restored");
        });
        AdminClient.Reply listed = api.get("/api/backends");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json()).hasSize(2);
        assertThat(listed.json().get(0).get("weight").asInt()).isEqualTo(7);
    }
}
