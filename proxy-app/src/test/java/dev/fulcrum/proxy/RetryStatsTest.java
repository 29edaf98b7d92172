package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.admin.AdminSettings;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.history.RetentionSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Retries show in the admin API's traffic counters, so an operator sees a backend failing behind a calm surface. */
class RetryStatsTest {

    @Test
    void retriesMadeOnLiveTrafficAreCountedInApiStats() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        // Probes once a minute: the crashing backend stays in rotation for the length of the test, as it would
        // between two checks.
        HealthCheckSettings slowChecks = new HealthCheckSettings("/health", Duration.ofMinutes(1),
                Duration.ofMillis(500), 1, 3);
        try (ClosingBackend crashing = new ClosingBackend();
             CountingBackend live = new CountingBackend("live");
             FulcrumServer server = new FulcrumServer(TestServers.settings(slowChecks, Duration.ofSeconds(5)),
                     "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                     new AdminSettings("127.0.0.1", 0, null), RetentionSettings.DEFAULTS,
                     List.of(TestServers.local(crashing.port()), TestServers.local(live.port())))) {
            server.start();

            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.proxyPort() + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
            }
            JsonNode stats = new ObjectMapper().readTree(client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.adminPort() + "/api/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());

            int trafficToCrashing = crashing.requestsReceived() - crashing.probesReceived();
            assertThat(trafficToCrashing).isPositive();
            assertThat(stats.get("retries").asLong()).isEqualTo(trafficToCrashing);
            assertThat(stats.get("retriesRefused").asLong()).isZero();
        }
    }
}
