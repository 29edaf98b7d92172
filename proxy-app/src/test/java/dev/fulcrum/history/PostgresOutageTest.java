package dev.fulcrum.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.db.testing.PostgresServer;
import dev.fulcrum.db.testing.TestPostgres;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL is restarted while two instances sharing it serve traffic: no client request fails, each API answers 503
 * while the server is down, and when it is back each instance recovers by itself (reads, writes, history and its
 * heartbeat), with no restart.
 */
@ExtendWith(TestPostgres.class)
class PostgresOutageTest {

    @RegisterExtension
    final Resources running = new Resources();

    @Test
    void trafficFlowsThroughARestartAndEachApiIs503ThenRecoversWithoutARestart(PostgresServer postgres)
            throws Exception {
        DemoBackend backend = running.add(new DemoBackend("127.0.0.1", 0, "one"));
        backend.start();
        DatabaseSettings shared = postgres.newDatabase();
        List<FulcrumServer> servers = new ArrayList<>();
        for (String id : List.of("a:1", "b:1")) {
            servers.add(running.add(TestServers.start(TestServers.fastChecks(), shared, id, null,
                    List.of(TestServers.local(backend.port())))));
        }
        List<AdminClient> apis = servers.stream().map(s -> new AdminClient(s.adminPort(), null)).toList();
        await().until(() -> apis.get(0).get("/api/backends/1/health").json().get("items").size() >= 6);

        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> failed = new CopyOnWriteArrayList<>();
        List<Thread> traffic = servers.stream().map(s -> new Thread(() -> send(s.proxyPort(), sending, answered,
                failed), "test-traffic-" + s.instanceId())).toList();
        traffic.forEach(Thread::start);
        try {
            await().until(() -> answered.get() >= 40);
            postgres.stop();
            try {
                int before = answered.get();
                for (AdminClient api : apis) {
                    AdminClient.Reply read = api.get("/api/backends");
                    assertThat(read.status()).isEqualTo(503);
                    assertThat(read.error()).isEqualTo("database unavailable");
                    AdminClient.Reply write = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:2\"}");
                    assertThat(write.status()).isEqualTo(503);
                    assertThat(write.raw().body()).doesNotContain("Exception", "postgresql");
                    assertThat(api.get("/api/instances").status()).isEqualTo(503);
                    assertThat(api.get("/healthz").status()).isEqualTo(200);
                }
                await().until(() -> answered.get() >= before + 40);
            } finally {
                postgres.start();
            }
            Instant back = Instant.now();

            for (AdminClient api : apis) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(api.get("/api/backends").status()).isEqualTo(200));
            }
            assertThat(apis.get(0).post("/api/backends", "{\"url\": \"http://127.0.0.1:2\"}").status())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String id : List.of("a:1", "b:1")) {
                    JsonNode latest = apis.get(1).get("/api/backends/1/health?limit=1&instance=" + id).json();
                    assertThat(Instant.parse(latest.get("items").get(0).get("checkedAt").asText())).isAfter(back);
                }
                JsonNode instances = apis.get(1).get("/api/instances").json();
                assertThat(instances).extracting(i -> i.get("id").asText()).containsExactly("a:1", "b:1");
                assertThat(instances).allSatisfy(i ->
                        assertThat(Instant.parse(i.get("lastHeartbeat").asText())).isAfter(back));
            });
        } finally {
            sending.set(false);
            for (Thread t : traffic) {
                t.join(10_000);
            }
        }
        assertThat(failed).as("client requests that failed").isEmpty();
        assertThat(servers.get(0).pool().backends()).hasSize(2);
    }

    /** Requests one after another, at most for two minutes, noting every one that does not come back 200. */
    private static void send(int port, AtomicBoolean sending, AtomicInteger answered, List<String> failed) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (sending.get() && System.nanoTime() - deadline < 0) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    failed.add("HTTP " + response.statusCode());
                }
            } catch (Exception e) {
                failed.add(e.toString());
            }
            answered.incrementAndGet();
        }
    }
}
