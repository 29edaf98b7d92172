package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.demo.DemoBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin API changes reach the data path within a second, and the stored list survives a restart. */
class BackendChangesReachTrafficTest {

    @TempDir
    Path dir;

    private final List<DemoBackend> backends = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FulcrumServer server;
    private AdminClient api;

    @BeforeEach
    void start() throws Exception {
        for (String name : List.of("one", "two")) {
            DemoBackend backend = new DemoBackend("127.0.0.1", 0, name);
            backend.start();
            backends.add(backend);
        }
        server = startServer(List.of(URI.create("http://127.0.0.1:" + backends.get(0).port())));
    }

    private FulcrumServer startServer(List<URI> seeds) throws Exception {
        FulcrumServer s = new FulcrumServer(TestServers.fastChecks(), "jdbc:h2:file:" + dir.resolve("fulcrum"),
                new AdminSettings("127.0.0.1", 0, null), RetentionSettings.DEFAULTS, seeds);
        s.start();
        api = new AdminClient(s.adminPort(), null);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (DemoBackend backend : backends) {
            backend.close();
        }
    }

    private String proxied() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.proxyPort() + "/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private boolean servedBy(String name, int tries) throws Exception {
        for (int i = 0; i < tries; i++) {
            if (proxied().startsWith("Hello from backend " + name + " ")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void anAddedBackendGetsTrafficWithinASecondAndADisabledOneNone() throws Exception {
        assertThat(servedBy("two", 4)).isFalse();

        long id = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:" + backends.get(1).port()
                + "\", \"name\": \"two\"}").json().get("id").asLong();
        await().atMost(Duration.ofSeconds(1)).until(() -> servedBy("two", 2));

        assertThat(api.patch("/api/backends/" + id, "{\"enabled\": false}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(1)).until(() -> !servedBy("two", 2));
        assertThat(servedBy("two", 20)).isFalse();

        assertThat(api.patch("/api/backends/" + id, "{\"enabled\": true}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(1)).until(() -> servedBy("two", 2));
    }

    @Test
    void deletingABackendDuringAStreamOfRequestsCostsNoRequest() throws Exception {
        long two = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:" + backends.get(1).port() + "\"}")
                .json().get("id").asLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
        List<Thread> streams = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread stream = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (running.get() && System.nanoTime() < deadline) {
                    try {
                        answers.add(proxied());
                    } catch (Throwable e) {
                        failures.add(e.toString());
                    }
                }
            });
            stream.start();
            streams.add(stream);
        }
        try {
            await().until(() -> answers.stream().anyMatch(a -> a.startsWith("Hello from backend two")));
            assertThat(api.delete("/api/backends/" + two).status()).isEqualTo(204);
            int afterDelete = answers.size();
            await().until(() -> answers.size() > afterDelete + 200);
        } finally {
            running.set(false);
            for (Thread stream : streams) {
                stream.join();
            }
        }
        assertThat(failures).isEmpty();
        List<String> all = new ArrayList<>(answers);
        assertThat(all.subList(all.size() - 100, all.size())).allMatch(a -> a.startsWith("Hello from backend one"));
    }

    @Test
    void aRestartWithTheSameDatabaseFileKeepsBackendsAndIds() throws Exception {
        api.post("/api/backends", "{\"url\": \"http://127.0.0.1:" + backends.get(1).port() + "\", \"name\": \"two\"}");
        JsonNode before = api.get("/api/backends").json();
        server.close();

        server = startServer(List.of(URI.create("http://127.0.0.1:" + backends.get(0).port())));
        JsonNode after = api.get("/api/backends").json();

        assertThat(after).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(after.get(i).get("id")).isEqualTo(before.get(i).get("id"));
            assertThat(after.get(i).get("name")).isEqualTo(before.get(i).get("name"));
            assertThat(after.get(i).get("url")).isEqualTo(before.get(i).get("url"));
        }
        assertThat(servedBy("two", 4)).isTrue();
    }
}
