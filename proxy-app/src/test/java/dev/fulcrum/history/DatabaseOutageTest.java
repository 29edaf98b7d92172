package dev.fulcrum.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.admin.AdminSettings;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.testing.LogCapture;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away mid-run and comes back: H2 served over TCP by a server the test stops and restarts. Traffic
 * and checks must not notice; history calls answer 503; history resumes by itself.
 */
class DatabaseOutageTest {

    @TempDir
    Path dir;

    private Server h2;
    private DemoBackend backend;
    private FulcrumServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (h2 != null) {
            h2.stop();
        }
    }

    private Server startH2(int port) throws Exception {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists")
                .start();
    }

    @Test
    void trafficAndChecksGoOnWhileTheDatabaseIsGoneAndHistoryResumesWhenItIsBack() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        h2 = startH2(port);
        backend = new DemoBackend("127.0.0.1", 0, "one");
        backend.start();
        server = new FulcrumServer(TestServers.fastChecks(), "jdbc:h2:tcp://127.0.0.1:" + port + "/fulcrum",
                new AdminSettings("127.0.0.1", 0, null), RetentionSettings.DEFAULTS,
                List.of(URI.create("http://127.0.0.1:" + backend.port())));
        server.start();
        AdminClient api = new AdminClient(server.adminPort(), null);
        await().until(() -> api.get("/api/backends/1/health").json().get("items").size() >= 3);

        LogCapture historyLog = new LogCapture(HistoryWriter.class);
        h2.stop();
        Instant gone = Instant.now();

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.proxyPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        // Results the writer could not store are dropped and counted, and the count is logged.
        await().atMost(Duration.ofSeconds(10)).until(() -> historyLog.messages().stream()
                .anyMatch(line -> line.startsWith("WARN health history: ") && line.contains(" not stored ")));
        historyLog.close();
        assertThat(server.pool().health(1).lastCheck()).isAfter(gone);
        AdminClient.Reply history = api.get("/api/backends/1/health");
        assertThat(history.status()).isEqualTo(503);
        assertThat(history.json().get("error").asText()).contains("database unavailable");
        assertThat(api.get("/healthz").status()).isEqualTo(200);

        h2 = startH2(port);
        Instant back = Instant.now();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            AdminClient.Reply after = api.get("/api/backends/1/health?limit=1");
            assertThat(after.status()).isEqualTo(200);
            assertThat(Instant.parse(after.json().get("items").get(0).get("checkedAt").asText())).isAfter(back);
        });
    }
}
