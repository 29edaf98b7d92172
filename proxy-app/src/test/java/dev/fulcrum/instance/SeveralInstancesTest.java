package dev.fulcrum.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.db.testing.PostgresServer;
import dev.fulcrum.db.testing.TestPostgres;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.server.TrafficSettings;
import dev.fulcrum.testing.Resources;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances on one real PostgreSQL: the second migrates nothing, each lists both, each probes the backend for
 * itself and tags what it stores, and a backend that is down for one instance only shows as such, merged in the
 * summary. Instance a probes {@code /up} (200), instance b {@code /down} (503): as a network problem between b and
 * the backend would look.
 */
@ExtendWith(TestPostgres.class)
class SeveralInstancesTest {

    @RegisterExtension
    final Resources running = new Resources();

    private static TrafficSettings probing(String path) {
        return TestServers.settings(new HealthCheckSettings(path, Duration.ofMillis(100), Duration.ofMillis(500), 2, 3),
                Duration.ofSeconds(5));
    }

    private HttpServer backend() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            byte[] body = "hello\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/down") ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        running.add(() -> server.stop(0));
        return server;
    }

    @Test
    void eachInstanceProbesForItselfAndTheHistoryShowsBothMerged(PostgresServer postgres) throws Exception {
        DatabaseSettings shared = postgres.newDatabase();
        HttpServer backend = backend();
        List<URI> seeds = List.of(TestServers.local(backend.getAddress().getPort()));
        FulcrumServer a = running.add(TestServers.start(probing("/up"), shared, "a:1", null, seeds));
        FulcrumServer b = running.add(TestServers.start(probing("/down"), shared, "b:1", null, seeds));
        AdminClient apiA = new AdminClient(a.adminPort(), null);
        AdminClient apiB = new AdminClient(b.adminPort(), null);

        assertThat(apiB.get("/api/backends").json()).as("seeded once, loaded by both").hasSize(1);
        for (AdminClient api : List.of(apiA, apiB)) {
            JsonNode instances = api.get("/api/instances").json();
            assertThat(instances).extracting(i -> i.get("id").asText()).containsExactly("a:1", "b:1");
            assertThat(instances).filteredOn(i -> i.get("self").asBoolean()).hasSize(1);
        }
        assertThat(apiA.get("/api/instances").json().get(0).get("self").asBoolean()).isTrue();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode seen = apiA.get("/api/backends/1/instances").json();
            assertThat(seen).extracting(i -> i.get("instance").asText() + " " + i.get("state").asText())
                    .containsExactly("a:1 up", "b:1 down");
            assertThat(seen.get(1).get("error").asText()).isEqualTo("HTTP 503");
        });
        assertThat(a.pool().health(1).state().routable()).isTrue();
        assertThat(b.pool().health(1).state().routable()).isFalse();

        JsonNode byA = apiB.get("/api/backends/1/health?instance=a:1&limit=10000").json().get("items");
        JsonNode byB = apiB.get("/api/backends/1/health?instance=b:1&limit=10000").json().get("items");
        assertThat(byA).isNotEmpty().allMatch(item -> item.get("passed").asBoolean());
        assertThat(byB).isNotEmpty().noneMatch(item -> item.get("passed").asBoolean());
        assertThat(StreamSupport.stream(apiB.get("/api/backends/1/health?limit=10000").json().get("items")
                .spliterator(), false).map(item -> item.get("instance").asText()).distinct())
                .containsExactlyInAnyOrder("a:1", "b:1");

        JsonNode summary = apiA.get("/api/backends/1/summary?window=1h").json();
        JsonNode shares = summary.get("instances");
        assertThat(shares).extracting(s -> s.get("instance").asText()).containsExactly("a:1", "b:1");
        assertThat(summary.get("checks").asLong())
                .isEqualTo(shares.get(0).get("checks").asLong() + shares.get(1).get("checks").asLong());
        assertThat(summary.get("failures").asLong()).isEqualTo(shares.get(1).get("failures").asLong());
        assertThat(shares.get(0).get("uptimePercent").asDouble()).isEqualTo(100.0);
        assertThat(shares.get(1).get("uptimePercent").asDouble()).isEqualTo(0.0);
        assertThat(summary.get("uptimePercent").asDouble()).isStrictlyBetween(0.0, 100.0);
    }
}
