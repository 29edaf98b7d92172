package dev.fulcrum.server;

import static dev.fulcrum.server.TestServers.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.pool.HealthState;
import dev.fulcrum.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks end to end: a real backend stops, the real checker sees it, a real receiver is told once, signed. */
class WebhookEndToEndTest {

    private static final String SECRET = "0123456789abcdef-receiver";

    private DemoBackend backend;
    private FulcrumServer server;
    private AdminClient api;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        backend = new DemoBackend("127.0.0.1", 0, "one");
        backend.start();
        server = TestServers.startInMemory(null, List.of(local(backend.port())));
        api = new AdminClient(server.adminPort(), null);
        receiver = new WebhookReceiver();
        await().until(() -> server.pool().health(1).state() == HealthState.UP);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        backend.close();
        receiver.close();
    }

    @Test
    void aStoppedBackendProducesOneDownDeliveryWithAValidSignature() throws Exception {
        long id = api.post("/api/webhooks", "{\"url\": \"" + receiver.url() + "\", \"events\": [\"down\"],"
                + " \"secret\": \"" + SECRET + "\"}").json().get("id").asLong();

        backend.close();

        await().until(() -> receiver.received().size() == 1);
        await().during(Duration.ofSeconds(1)).until(() -> receiver.received().size() == 1);
        WebhookReceiver.Delivery delivery = receiver.received().get(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(delivery.header("X-Fulcrum-Signature"))
                .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(delivery.body())));
        JsonNode payload = new ObjectMapper().readTree(delivery.body());
        assertThat(payload.get("event").asText()).isEqualTo("down");
        assertThat(payload.get("from").asText()).isEqualTo("up");
        assertThat(payload.get("to").asText()).isEqualTo("down");
        assertThat(payload.get("reason").asText()).startsWith("active: ").contains("connection refused");
        assertThat(payload.get("backend").get("id").asLong()).isEqualTo(1);
        assertThat(payload.get("backend").get("name").asText()).isEqualTo("127.0.0.1-" + backend.port());
        assertThat(payload.get("backend").get("url").asText()).isEqualTo("http://127.0.0.1:" + backend.port());
        assertThat(payload.get("id").asText()).hasSize(36);
        assertThat(payload.get("coalesced").asInt()).isEqualTo(1);
        assertThat(payload.get("at").asText()).endsWith("Z");

        await().until(() -> api.get("/api/webhooks/" + id + "/deliveries").json().get("items").get(0).get("state")
                .asText().equals("delivered"));
    }

    @Test
    void adminChangesAreAnnouncedAsAddedChangedAndRemoved() throws Exception {
        api.post("/api/webhooks", "{\"url\": \"" + receiver.url() + "\", \"events\": [\"added\", \"changed\","
                + " \"removed\"]}");

        long id = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:1\", \"name\": \"extra\"}").json()
                .get("id").asLong();
        await().until(() -> receiver.received().size() == 1);
        api.patch("/api/backends/" + id, "{\"weight\": 5}");
        api.delete("/api/backends/" + id);

        // Later events of one backend within the coalescing window are folded into one delivery.
        await().until(() -> api.get("/api/webhooks/1/deliveries").json().get("items").size() == 2);
        JsonNode folded = api.get("/api/webhooks/1/deliveries").json().get("items").get(0);
        assertThat(folded.get("coalesced").asInt()).isEqualTo(2);
        assertThat(folded.get("event").asText()).isEqualTo("removed");
        JsonNode added = new ObjectMapper().readTree(receiver.received().get(0).body());
        assertThat(added.get("event").asText()).isEqualTo("added");
        assertThat(added.get("backend").get("name").asText()).isEqualTo("extra");
    }
}
