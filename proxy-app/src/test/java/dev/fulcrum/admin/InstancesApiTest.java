package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/instances} and the per-instance history of one instance (H2 serves one; see SeveralInstancesTest). */
class InstancesApiTest {

    @RegisterExtension
    final Resources running = new Resources();

    @Test
    void theInstanceListsItselfAndTagsItsHistory() throws Exception {
        DemoBackend backend = running.add(new DemoBackend("127.0.0.1", 0, "one"));
        backend.start();
        Instant before = Instant.now();
        FulcrumServer server = running.add(TestServers.start(TestServers.fastChecks(),
                DatabaseSettings.of(TestServers.inMemoryDatabase()), "lb-1:8081", null,
                List.of(TestServers.local(backend.port()))));
        AdminClient api = new AdminClient(server.adminPort(), null);

        JsonNode instances = api.get("/api/instances").json();
        assertThat(instances).hasSize(1);
        JsonNode self = instances.get(0);
        assertThat(self.get("id").asText()).isEqualTo("lb-1:8081");
        assertThat(self.get("self").asBoolean()).isTrue();
        assertThat(self.get("version").asText()).isEqualTo("development");
        assertThat(Instant.parse(self.get("startedAt").asText())).isAfterOrEqualTo(before.minusSeconds(1));
        // The age is counted from the last heartbeat to the answer, which came before this line.
        Instant heartbeat = Instant.parse(self.get("lastHeartbeat").asText());
        assertThat(heartbeat).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(self.get("secondsSinceHeartbeat").asLong()).isNotNegative()
                .isLessThanOrEqualTo(Duration.between(heartbeat, Instant.now()).toSeconds());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode seen = api.get("/api/backends/1/instances").json();
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).get("instance").asText()).isEqualTo("lb-1:8081");
            assertThat(seen.get(0).get("state").asText()).isEqualTo("up");
            assertThat(seen.get(0).get("passed").asBoolean()).isTrue();
        });
        JsonNode items = api.get("/api/backends/1/health?instance=lb-1:8081").json().get("items");
        assertThat(items).isNotEmpty().allMatch(item -> item.get("instance").asText().equals("lb-1:8081"));
        assertThat(api.get("/api/backends/1/health?instance=lb-2:8081").json().get("items")).isEmpty();
        JsonNode summary = api.get("/api/backends/1/summary?window=1h").json();
        assertThat(summary.get("instances")).hasSize(1);
        assertThat(summary.get("instances").get(0).get("checks").asLong()).isEqualTo(summary.get("checks").asLong());
        assertThat(api.get("/api/events?backend=1").json().get("items").get(0).get("instance").asText())
                .isEqualTo("lb-1:8081");
    }

    @Test
    void aMalformedInstanceIs400NamingTheParameter() throws Exception {
        FulcrumServer server = running.add(TestServers.startInMemory(null, List.of(TestServers.local(1))));
        AdminClient api = new AdminClient(server.adminPort(), null);

        AdminClient.Reply reply = api.get("/api/backends/1/health?instance=no%20spaces");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.field()).isEqualTo("instance");
        assertThat(api.get("/api/backends/99/instances").status()).isEqualTo(404);
    }
}
