package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.db.Database;
import dev.fulcrum.db.WebhookRecord;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.Resources;
import dev.fulcrum.testing.WebhookReceiver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks in the configuration document against a real server and database: exported without their secrets,
 * planned and applied by url keeping the secrets of those kept, refused whole when at fault; reverted and restored
 * with their secrets wherever one is kept, each test event signed (or not) as the webhook's state says.
 */
class WebhookConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "a secret of 16 characters or more";
    private static final String OTHER = "another secret, also long enough";

    @RegisterExtension
    final Resources running = new Resources();

    private String jdbcUrl;
    private AdminClient api;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = running.add(new WebhookReceiver());
        jdbcUrl = TestServers.inMemoryDatabase();
        FulcrumServer server = running.add(TestServers.start(jdbcUrl, AdminTokens.NONE, StartupImport.NONE));
        api = new AdminClient(server.adminPort(), null);
    }

    /** A receiver url of its own for each webhook: the query tells them apart. */
    private String url(String team) {
        return receiver.url() + "?team=" + team;
    }

    private long webhook(String team, String more) {
        AdminClient.Reply created = api.post("/api/webhooks", "{\"url\": \"" + url(team) + "\"" + more + "}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private AdminClient.Reply put(String document, String ifMatch) {
        return api.put("/api/config", document, ifMatch);
    }

    private ObjectNode exported() {
        return (ObjectNode) api.get("/api/config").json();
    }

    private static ObjectNode entry(ObjectNode document, String url) {
        for (JsonNode webhook : document.get("webhooks")) {
            if (webhook.get("url").asText().equals(url)) {
                return (ObjectNode) webhook;
            }
        }
        throw new AssertionError("no webhook " + url + " in " + document);
    }

    private static ObjectNode withoutRevision(ObjectNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove("revision");
        return copy;
    }

    private long latest() {
        return exported().get("revision").asLong();
    }

    private JsonNode revert(long number, String query, int status) {
        AdminClient.Reply reverted = api.post("/api/revisions/" + number + "/revert" + query, null);
        assertThat(reverted.status()).as(reverted.raw().body()).isEqualTo(status);
        return reverted.json();
    }

    /** Sends webhook {@code id} a test event; its signature must be made with {@code secret}, or absent for null. */
    private void assertSignedWith(long id, String secret) throws Exception {
        int seen = receiver.received().size();
        assertThat(api.post("/api/webhooks/" + id + "/test", null).status()).isEqualTo(202);
        await().until(() -> receiver.received().size() > seen);
        WebhookReceiver.Delivery delivery = receiver.received().get(seen);
        assertThat(delivery.header("X-Fulcrum-Signature")).as("webhook " + id)
                .isEqualTo(secret == null ? null : WebhookApiTest.hmac(secret, delivery.body()));
    }

    /** Each item of a plan as {@code list kind id fields before-secret -> after-secret}. */
    private static List<String> items(JsonNode plan) {
        List<String> items = new ArrayList<>();
        for (String list : List.of("added", "changed", "removed")) {
            for (JsonNode item : plan.get(list)) {
                items.add(list + " " + item.get("kind").asText() + " " + item.get("id").asText() + " "
                        + item.get("fields") + " " + item.path("before").path("secret").asText("-") + " -> "
                        + item.path("after").path("secret").asText("-"));
            }
        }
        return items;
    }

    @Test
    void theExportHasEveryWebhookWithoutItsSecret() throws Exception {
        webhook("b", ", \"events\": [\"up\", \"down\"], \"secret\": \"" + SECRET + "\"");
        webhook("a", ", \"enabled\": false");

        AdminClient.Reply exported = api.get("/api/config");

        assertThat(exported.json().get("webhooks")).isEqualTo(JSON.readTree("[{\"url\": \"" + url("a")
                + "\", \"events\": [\"all\"], \"enabled\": false}, {\"url\": \"" + url("b")
                + "\", \"events\": [\"down\", \"up\"], \"enabled\": true}]"));
        assertThat(exported.raw().body()).doesNotContain(SECRET).doesNotContain("secret");
    }

    @Test
    void planListsWebhooksAddedChangedAndRemovedAndApplyDoesExactlyThatKeepingTheirSecrets() throws Exception {
        long kept = webhook("kept", ", \"events\": [\"down\"], \"secret\": \"" + SECRET + "\"");
        long rotated = webhook("rotated", ", \"secret\": \"" + SECRET + "\"");
        long removed = webhook("removed", ", \"secret\": \"" + SECRET + "\"");
        ObjectNode document = exported();
        entry(document, url("kept")).set("events", JSON.readTree("[\"down\", \"up\"]"));
        entry(document, url("rotated")).put("secret", OTHER);
        ArrayNode webhooks = (ArrayNode) document.get("webhooks");
        for (int i = 0; i < webhooks.size(); i++) {
            if (webhooks.get(i).get("url").asText().equals(url("removed"))) {
                webhooks.remove(i);
            }
        }
        webhooks.addObject().put("url", url("unsigned"));
        webhooks.addObject().put("url", url("signed")).put("secret", OTHER).put("events", "all");
        long before = latest();

        AdminClient.Reply planned = api.post("/api/config/plan", document.toString());

        assertThat(planned.status()).as(planned.raw().body()).isEqualTo(200);
        assertThat(planned.raw().body()).doesNotContain(SECRET).doesNotContain(OTHER);
        assertThat(items(planned.json())).containsExactly(
                "added webhook null [\"url\",\"events\",\"enabled\"] - -> -",
                "added webhook null [\"url\",\"events\",\"enabled\",\"secret\"] - -> set",
                "changed webhook " + kept + " [\"events\"] set -> set",
                "changed webhook " + rotated + " [\"secret\"] set -> replaced",
                "removed webhook " + removed + " [\"url\",\"events\",\"enabled\",\"secret\"] set -> -");
        assertThat(planned.json().get("warnings")).extracting(JsonNode::asText).containsExactly("webhook "
                + url("unsigned") + " will be created without a secret; its deliveries are unsigned");
        assertThat(latest()).as("a plan changes nothing").isEqualTo(before);

        AdminClient.Reply applied = put(document.toString(), "\"" + before + "\"");

        assertThat(applied.status()).as(applied.raw().body()).isEqualTo(200);
        assertThat(applied.json().get("revision").asLong()).isEqualTo(before + 1);
        assertThat(items(applied.json())).hasSize(5).containsAll(items(planned.json()).stream()
                .filter(item -> !item.startsWith("added")).toList());
        assertThat(applied.json().get("warnings")).isEqualTo(planned.json().get("warnings"));
        AdminClient.Reply revision = api.get("/api/revisions/" + (before + 1));
        assertThat(revision.json().get("action").asText()).isEqualTo("config.apply");
        assertThat(revision.raw().body()).doesNotContain(SECRET).doesNotContain(OTHER);
        ObjectNode expected = withoutRevision(document);
        expected.set("webhooks", sorted(document));
        assertThat(withoutRevision(exported())).isEqualTo(expected);
        assertSignedWith(kept, SECRET);
        assertSignedWith(rotated, OTHER);
        try (Database database = Database.open(jdbcUrl)) {
            List<WebhookRecord> stored = database.webhooks().list();
            assertThat(stored).extracting(WebhookRecord::id).doesNotContain(removed).hasSize(4);
            for (WebhookRecord webhook : stored) {
                assertThat(webhook.secret()).as(webhook.url()).isEqualTo(webhook.url().endsWith("kept") ? SECRET
                        : webhook.url().endsWith("unsigned") ? null : OTHER);
            }
        }
        assertThat(put(document.toString(), null).json().get("revision").asLong()).as("nothing left to change")
                .isEqualTo(before + 1);
    }

    /** The document's webhooks as the export writes them: by url, without secrets, every field. */
    private static ArrayNode sorted(ObjectNode document) {
        List<JsonNode> webhooks = new ArrayList<>();
        for (JsonNode webhook : document.get("webhooks")) {
            ObjectNode written = JSON.createObjectNode().put("url", webhook.get("url").asText());
            JsonNode events = webhook.path("events");
            written.set("events", events.isArray() ? events : JSON.createArrayNode().add("all"));
            written.put("enabled", webhook.path("enabled").asBoolean(true));
            webhooks.add(written);
        }
        webhooks.sort((a, b) -> a.get("url").asText().compareTo(b.get("url").asText()));
        return JSON.createArrayNode().addAll(webhooks);
    }

    @Test
    void aWebhookAddedByAnApplyGetsTheEventsOfTheSameApply() {
        api.post("/api/backends", "{\"url\": \"http://127.0.0.1:5001\", \"name\": \"web-1\"}");
        ObjectNode document = exported();
        document.putArray("backends");
        document.putArray("webhooks").addObject().put("url", url("new")).put("events", "removed");

        assertThat(put(document.toString(), null).status()).isEqualTo(200);

        await().until(() -> !receiver.received().isEmpty());
        assertThat(receiver.received().get(0).header("X-Fulcrum-Event")).isEqualTo("removed");
        assertThat(receiver.received().get(0).text()).contains("web-1");
    }

    @Test
    void aDocumentWithoutWebhooksLeavesThemAndAnEmptyListRemovesThem() {
        webhook("one", "");
        ObjectNode document = exported();
        document.remove("webhooks");
        long before = latest();

        assertThat(put(document.toString(), null).json().get("revision").asLong()).isEqualTo(before);
        assertThat(api.get("/api/webhooks").json()).hasSize(1);

        document.putArray("webhooks");
        JsonNode applied = put(document.toString(), null).json();

        assertThat(applied.get("removed")).hasSize(1);
        assertThat(api.get("/api/webhooks").json()).isEmpty();
    }

    @Test
    void invalidWebhooksAreRefusedWholeWithAPointerToEachFaultAndChangeNothing() {
        webhook("one", ", \"secret\": \"" + SECRET + "\"");
        long before = latest();
        String document = """
                {"format": 1, "settings": {"algorithm": "round-robin"}, "backends": [],
                 "webhooks": [
                   {"url": "ftp://127.0.0.1:5011/x"},
                   {"url": "http://127.0.0.1:5012/", "events": ["sideways"], "secret": "short", "colour": 1},
                   {"events": "all", "enabled": "yes"},
                   7
                 ]}""";

        for (AdminClient.Reply refused : List.of(api.post("/api/config/plan", document), put(document, null))) {
            assertThat(refused.status()).isEqualTo(400);
            List<String> problems = new ArrayList<>();
            refused.json().get("problems").forEach(p -> problems.add(p.get("field").asText()));
            assertThat(problems).containsExactlyInAnyOrder("/webhooks/0/url", "/webhooks/1/events",
                    "/webhooks/1/secret", "/webhooks/1/colour", "/webhooks/2/url", "/webhooks/2/enabled",
                    "/webhooks/3");
        }
        assertThat(put("{\"format\": 1, \"settings\": {}, \"backends\": [], \"webhooks\": {}}", null).field())
                .isEqualTo("/webhooks");
        try (Database database = Database.open(jdbcUrl)) {
            assertThat(database.config().latestRevision()).isEqualTo(before);
            assertThat(database.webhooks().list()).extracting(WebhookRecord::url, WebhookRecord::secret)
                    .containsExactly(tuple(url("one"), SECRET));
        }
    }

    @Test
    void revertingAWebhooksAddChangeAndRemoveRestoresItWithItsSecret() throws Exception {
        long id = webhook("one", ", \"events\": [\"down\"], \"secret\": \"" + SECRET + "\"");
        long added = latest();
        api.patch("/api/webhooks/" + id, "{\"events\": \"all\", \"enabled\": false}");
        long changed = latest();

        JsonNode reverted = revert(changed, "", 200);

        assertThat(items(reverted)).containsExactly("changed webhook " + id + " [\"events\",\"enabled\"] set -> set");
        JsonNode shown = api.get("/api/webhooks/" + id).json();
        assertThat(shown.get("events").toString()).isEqualTo("[\"down\"]");
        assertThat(shown.get("enabled").asBoolean()).isTrue();
        assertSignedWith(id, SECRET);

        api.delete("/api/webhooks/" + id);
        long removed = latest();
        assertThat(api.get("/api/webhooks/" + id).status()).isEqualTo(404);

        assertThat(items(revert(removed, "", 200))).containsExactly("added webhook " + id
                + " [\"url\",\"events\",\"enabled\",\"secret\"] - -> set");
        assertThat(api.get("/api/webhooks/" + id).json().get("secretSet").asBoolean()).isTrue();
        assertSignedWith(id, SECRET);

        assertThat(revert(added, "", 409).get("error").asText()).contains("later revisions changed the same things");
        assertThat(items(revert(added, "?force=true", 200))).containsExactly("removed webhook " + id
                + " [\"url\",\"events\",\"enabled\",\"secret\"] set -> -");
        assertThat(api.get("/api/webhooks").json()).isEmpty();
    }

    @Test
    void revertingASecretsReplacementIs409UnlessForcedWhichKeepsTheCurrentSecret() throws Exception {
        long id = webhook("one", ", \"secret\": \"" + SECRET + "\"");
        api.patch("/api/webhooks/" + id, "{\"secret\": \"" + OTHER + "\", \"enabled\": false}");
        long rotated = latest();

        AdminClient.Reply refused = api.post("/api/revisions/" + rotated + "/revert", null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).isEqualTo("revision " + rotated + " replaced the secret of webhook " + url("one")
                + " (" + id + "), and the secret it replaced is not kept, so a revert cannot bring it back; add "
                + "?force=true to revert its other fields and keep its current secret");
        assertThat(latest()).isEqualTo(rotated);

        JsonNode forced = revert(rotated, "?force=true", 200);

        assertThat(items(forced)).containsExactly("changed webhook " + id + " [\"enabled\"] set -> set");
        assertThat(forced.get("warnings")).extracting(JsonNode::asText).containsExactly("webhook " + url("one")
                + " (" + id + ") keeps its current secret: the one revision " + rotated + " replaced is not kept");
        assertThat(api.get("/api/webhooks/" + id).json().get("enabled").asBoolean()).isTrue();
        assertSignedWith(id, OTHER);
    }

    @Test
    void revertingASecretsRemovalIs409UnlessForcedWhichLeavesItUnsigned() throws Exception {
        long id = webhook("one", ", \"secret\": \"" + SECRET + "\"");
        api.patch("/api/webhooks/" + id, "{\"secret\": null, \"events\": [\"up\"]}");
        long cleared = latest();

        assertThat(revert(cleared, "", 409).get("error").asText()).contains("is not kept, so a revert would "
                + "leave it unsigned");

        JsonNode forced = revert(cleared, "?force=true", 200);

        assertThat(items(forced)).containsExactly("changed webhook " + id + " [\"events\"] - -> -");
        assertThat(forced.get("warnings").get(0).asText()).startsWith("webhook " + url("one") + " (" + id
                + ") is unsigned from now on");
        assertSignedWith(id, null);
    }

    @Test
    void restoringARevisionGivesTheWebhooksOfTheExportTakenRightAfterItWithTheirSecrets() throws Exception {
        long removed = webhook("removed", ", \"secret\": \"" + SECRET + "\"");
        long changed = webhook("changed", ", \"events\": [\"down\"], \"secret\": \"" + SECRET + "\"");
        long cleared = webhook("cleared", ", \"secret\": \"" + SECRET + "\"");
        ObjectNode atN = exported();
        long n = atN.get("revision").asLong();
        api.delete("/api/webhooks/" + removed);
        api.patch("/api/webhooks/" + changed, "{\"events\": [\"up\"], \"secret\": \"" + OTHER + "\"}");
        api.patch("/api/webhooks/" + cleared, "{\"secret\": null}");
        long added = webhook("added", "");

        AdminClient.Reply restored = api.post("/api/revisions/" + n + "/restore", null);

        assertThat(restored.status()).as(restored.raw().body()).isEqualTo(200);
        assertThat(items(restored.json())).containsExactlyInAnyOrder(
                "added webhook " + removed + " [\"url\",\"events\",\"enabled\",\"secret\"] - -> set",
                "changed webhook " + changed + " [\"events\"] set -> set",
                "removed webhook " + added + " [\"url\",\"events\",\"enabled\"] - -> -");
        assertThat(restored.json().get("warnings")).extracting(JsonNode::asText).containsExactly("webhook "
                + url("cleared") + " (" + cleared + ") is unsigned from now on: the secret it had right after "
                + "revision " + n + " is not kept; set one at /api/webhooks/" + cleared);
        assertThat(withoutRevision(exported())).isEqualTo(withoutRevision(atN));
        assertSignedWith(removed, SECRET);
        assertSignedWith(changed, OTHER);
        assertSignedWith(cleared, null);
    }
}
