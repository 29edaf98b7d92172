package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /api/webhooks} against a real server and database: what is stored, what is shown, what is refused. */
class WebhookApiTest {

    private static final String SECRET = "a secret of 16 characters or more";

    private FulcrumServer server;
    private AdminClient api;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.startInMemory(null, List.of());
        api = new AdminClient(server.adminPort(), null);
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        receiver.close();
    }

    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void eachChangeOfAWebhookIsARevisionThatNeverHoldsItsSecret() {
        long id = api.post("/api/webhooks", "{\"url\": \"" + receiver.url() + "\", \"events\": [\"down\"], "
                + "\"secret\": \"" + SECRET + "\"}").json().get("id").asLong();
        api.patch("/api/webhooks/" + id, "{\"secret\": \"" + SECRET + " rotated\"}");
        api.patch("/api/webhooks/" + id, "{\"enabled\": false, \"events\": [\"down\", \"up\"]}");
        api.patch("/api/webhooks/" + id, "{\"enabled\": false}");
        api.delete("/api/webhooks/" + id);

        AdminClient.Reply revisions = api.get("/api/revisions?limit=4");
        assertThat(revisions.raw().body()).doesNotContain(SECRET);
        JsonNode items = revisions.json().get("items");
        assertThat(items).extracting(r -> r.get("action").asText())
                .containsExactly("webhook.delete", "webhook.update", "webhook.update", "webhook.create");
        JsonNode removed = items.get(0).get("changes").get(0);
        assertThat(removed.get("kind").asText()).isEqualTo("webhook");
        assertThat(removed.get("id").asLong()).isEqualTo(id);
        assertThat(removed.get("after").isNull()).isTrue();
        assertThat(items.get(1).get("summary").asText()).isEqualTo("changed webhook " + id
                + ": events [\"down\"] -> [\"down\",\"up\"], enabled true -> false");
        assertThat(items.get(2).get("summary").asText())
                .isEqualTo("changed webhook " + id + ": secret set -> replaced");
        assertThat(items.get(3).get("summary").asText()).isEqualTo("added webhook " + id + " (" + receiver.url()
                + ")");

        assertThat(api.get("/api/webhooks").json()).isEmpty();
    }

    @Test
    void aWebhookIsStoredShownWithoutItsSecretChangedAndRemoved() {
        AdminClient.Reply created = api.post("/api/webhooks", "{\"url\": \"" + receiver.url()
                + "?team=ops\", \"events\": [\"down\", \"up\"], \"secret\": \"" + SECRET + "\"}");

        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.raw().headers().firstValue("Location")).hasValue("/api/webhooks/" + id);
        assertThat(created.json().get("url").asText()).isEqualTo(receiver.url() + "?team=ops");
        assertThat(created.json().get("events").toString()).isEqualTo("[\"down\",\"up\"]");
        assertThat(created.json().get("secretSet").asBoolean()).isTrue();
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        assertThat(created.raw().body()).doesNotContain(SECRET).doesNotContain("\"secret\"");
        assertThat(api.get("/api/webhooks").raw().body()).doesNotContain(SECRET);
        assertThat(api.get("/api/webhooks/" + id).json()).isEqualTo(created.json());

        JsonNode changed = api.patch("/api/webhooks/" + id, "{\"events\": \"all\", \"secret\": null}").json();
        assertThat(changed.get("events").toString()).isEqualTo("[\"all\"]");
        assertThat(changed.get("secretSet").asBoolean()).isFalse();

        assertThat(api.delete("/api/webhooks/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/webhooks/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/webhooks").json()).isEmpty();
    }

    @Test
    void eventsDefaultToAll() {
        JsonNode created = api.post("/api/webhooks", "{\"url\": \"" + receiver.url() + "\"}").json();
        assertThat(created.get("events").toString()).isEqualTo("[\"all\"]");
        assertThat(created.get("secretSet").asBoolean()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"url\": \"ftp://127.0.0.1:9/x\"}                                    | url     | not an absolute http",
        "{\"url\": \"/relative\"}                                              | url     | not an absolute http",
        "{\"url\": \"http://user:pw@127.0.0.1:9/x\"}                           | url     | user info",
        "{\"url\": 7}                                                          | url     | must be a string",
        "{\"events\": [\"down\"]}                                              | url     | url is required",
        "{\"url\": \"http://127.0.0.1:9/x\", \"events\": [\"down\", \"boom\"]} | events  | unknown event 'boom'",
        "{\"url\": \"http://127.0.0.1:9/x\", \"events\": []}                   | events  | at least one event",
        "{\"url\": \"http://127.0.0.1:9/x\", \"events\": 3}                    | events  | list of event names",
        "{\"url\": \"http://127.0.0.1:9/x\", \"secret\": \"too short\"}        | secret  | at least 16 characters",
        "{\"url\": \"http://127.0.0.1:9/x\", \"secret\": 1234567890123456789}  | secret  | must be a string",
        "{\"url\": \"http://127.0.0.1:9/x\", \"enabled\": \"yes\"}             | enabled | true or false",
        "{\"url\": \"http://127.0.0.1:9/x\", \"colour\": \"red\"}              | colour  | unknown field",
    })
    void badInputIsRefusedNamingTheFieldAndNothingIsStored(String body, String field, String message) {
        AdminClient.Reply refused = api.post("/api/webhooks", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field()).isEqualTo(field);
        assertThat(refused.error()).contains(message);
        assertThat(api.get("/api/webhooks").json()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"url\": \"gopher://127.0.0.1:9/x\"} | url    ",
        "{\"events\": [\"sideways\"]}          | events ",
        "{\"secret\": \"short\"}               | secret ",
        "{\"events\": null}                    | events ",
        "{}                                    |        ",
    })
    void aBadChangeIsRefusedNamingTheFieldAndChangesNothing(String body, String field) {
        JsonNode created = api.post("/api/webhooks", "{\"url\": \"" + receiver.url() + "\", \"events\": [\"down\"],"
                + " \"secret\": \"" + SECRET + "\"}").json();
        long id = created.get("id").asLong();

        AdminClient.Reply refused = api.patch("/api/webhooks/" + id, body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field()).isEqualTo(field);
        assertThat(api.get("/api/webhooks/" + id).json()).isEqualTo(created);
    }

    @Test
    void anUnknownWebhookIs404() {
        assertThat(api.get("/api/webhooks/99").status()).isEqualTo(404);
        assertThat(api.get("/api/webhooks/99").error()).isEqualTo("no webhook with id 99");
        assertThat(api.patch("/api/webhooks/99", "{\"enabled\": false}").status()).isEqualTo(404);
        assertThat(api.delete("/api/webhooks/x").status()).isEqualTo(404);
        assertThat(api.get("/api/webhooks/99/deliveries").status()).isEqualTo(404);
        assertThat(api.post("/api/webhooks/99/test", null).status()).isEqualTo(404);
    }

    @Test
    void aTestEventIsSignedDeliveredAndItsTryShown() throws Exception {
        long id = api.post("/api/webhooks", "{\"url\": \"" + receiver.url() + "\", \"events\": [\"removed\"],"
                + " \"secret\": \"" + SECRET + "\"}").json().get("id").asLong();

        AdminClient.Reply test = api.post("/api/webhooks/" + id + "/test", null);

        assertThat(test.status()).isEqualTo(202);
        assertThat(test.json().get("event").asText()).isEqualTo("test");
        await().until(() -> receiver.received().size() == 1);
        WebhookReceiver.Delivery delivery = receiver.received().get(0);
        assertThat(delivery.header("X-Fulcrum-Signature")).isEqualTo(hmac(SECRET, delivery.body()));
        assertThat(delivery.header("X-Fulcrum-Event")).isEqualTo("test");
        assertThat(delivery.header("Content-Type")).startsWith("application/json");
        JsonNode payload = new ObjectMapper().readTree(delivery.body());
        assertThat(payload.get("event").asText()).isEqualTo("test");
        assertThat(payload.get("id").asText()).isEqualTo(test.json().get("eventId").asText());

        await().until(() -> api.get("/api/webhooks/" + id + "/deliveries").json().get("items").get(0)
                .get("state").asText().equals("delivered"));
        JsonNode shown = api.get("/api/webhooks/" + id + "/deliveries").json().get("items").get(0);
        assertThat(shown.get("attempts")).hasSize(1);
        assertThat(shown.get("attempts").get(0).get("status").asInt()).isEqualTo(204);
        assertThat(shown.get("attempts").get(0).get("error").isNull()).isTrue();
        assertThat(shown.get("nextAttemptAt").isNull()).isTrue();
    }
}
