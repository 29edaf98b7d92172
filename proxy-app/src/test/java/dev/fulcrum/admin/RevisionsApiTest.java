package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.Database;
import dev.fulcrum.db.Revision;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.Resources;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every change through the API is one revision, stored with the change: numbered, by the token's name, from the
 * client's address, with the request's id and each item's values before and after; a refused change stores none.
 */
class RevisionsApiTest {

    private static final String ALICE = "alice-token-0123456789";
    private static final String BOB = "bob-token-0123456789abc";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final Resources running = new Resources();

    private String jdbcUrl;
    private FulcrumServer server;
    private AdminClient alice;
    private AdminClient bob;

    @BeforeEach
    void start() throws Exception {
        jdbcUrl = TestServers.inMemoryDatabase();
        server = running.add(TestServers.start(jdbcUrl, AdminTokens.parse(List.of("alice=" + ALICE, "bob=" + BOB)),
                StartupImport.NONE));
        alice = new AdminClient(server.adminPort(), ALICE);
        bob = new AdminClient(server.adminPort(), BOB);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static String backend(String name, int port, int weight, boolean enabled, boolean draining) {
        return "{\"name\":\"" + name + "\",\"url\":\"http://127.0.0.1:" + port + "\",\"weight\":" + weight
                + ",\"enabled\":" + enabled + ",\"draining\":" + draining
                + ",\"healthPath\":null,\"expectStatus\":null,\"interval\":null}";
    }

    private AdminClient.Reply send(AdminClient api, String method, String path, String body, String requestId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("X-Request-Id", requestId)
                .header("Authorization", "Bearer " + (api == alice ? ALICE : BOB));
        return api.send(request.build());
    }

    private JsonNode revisions() {
        return alice.get("/api/revisions").json().get("items");
    }

    /** The one revision the last call made: the newest, numbered {@code number}. */
    private JsonNode theNewRevision(long number) {
        JsonNode items = revisions();
        assertThat(items.size()).as("revisions").isEqualTo((int) number);
        JsonNode newest = items.get(0);
        assertThat(newest.get("revision").asLong()).isEqualTo(number);
        assertThat(alice.get("/api/revisions/" + number).json()).isEqualTo(newest);
        return newest;
    }

    private static void assertMadeBy(JsonNode revision, String author, String requestId, String action,
                                     String summary) {
        assertThat(revision.get("author").asText()).isEqualTo(author);
        assertThat(revision.get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(revision.get("requestId").asText()).isEqualTo(requestId);
        assertThat(revision.get("action").asText()).isEqualTo(action);
        assertThat(revision.get("summary").asText()).isEqualTo(summary);
        assertThat(revision.get("at").asText()).isNotEmpty();
    }

    private static void assertTouched(JsonNode revision, String kind, Long id, String before, String after,
                                      String... fields) throws Exception {
        JsonNode changes = revision.get("changes");
        assertThat(changes).hasSize(1);
        JsonNode change = changes.get(0);
        assertThat(change.get("kind").asText()).isEqualTo(kind);
        assertThat(change.get("id").asLong()).isEqualTo(id);
        assertThat(change.get("before")).isEqualTo(before == null ? JSON.nullNode() : json(before));
        assertThat(change.get("after")).isEqualTo(after == null ? JSON.nullNode() : json(after));
        assertThat(JSON.convertValue(change.get("fields"), List.class)).isEqualTo(List.of(fields));
    }

    @Test
    void eachKindOfChangeIsOneRevisionWithItsAuthorAndValuesBeforeAndAfter() throws Exception {
        AdminClient.Reply created = send(alice, "POST", "/api/backends",
                "{\"url\": \"http://127.0.0.1:5001\", \"name\": \"web-1\"}", "req-add");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("X-Request-Id")).hasValue("req-add");
        long id = created.json().get("id").asLong();
        JsonNode added = theNewRevision(1);
        assertMadeBy(added, "alice", "req-add", "backend.create", "added backend web-1 (http://127.0.0.1:5001)");
        assertTouched(added, "backend", id, null, backend("web-1", 5001, 1, true, false),
                "name", "url", "weight", "enabled", "draining");

        send(bob, "PATCH", "/api/backends/" + id, "{\"weight\": 5}", "req-weight");
        JsonNode weighted = theNewRevision(2);
        assertMadeBy(weighted, "bob", "req-weight", "backend.update", "changed backend web-1: weight 1 -> 5");
        assertTouched(weighted, "backend", id, backend("web-1", 5001, 1, true, false),
                backend("web-1", 5001, 5, true, false), "weight");

        send(alice, "PATCH", "/api/backends/" + id, "{\"enabled\": false}", "req-disable");
        assertMadeBy(theNewRevision(3), "alice", "req-disable", "backend.disable",
                "changed backend web-1: enabled true -> false");
        send(alice, "PATCH", "/api/backends/" + id, "{\"enabled\": true}", "req-enable");
        assertMadeBy(theNewRevision(4), "alice", "req-enable", "backend.enable",
                "changed backend web-1: enabled false -> true");

        send(alice, "PATCH", "/api/backends/" + id, "{\"draining\": true}", "req-drain");
        JsonNode drained = theNewRevision(5);
        assertMadeBy(drained, "alice", "req-drain", "backend.drain", "changed backend web-1: draining false -> true");
        assertTouched(drained, "backend", id, backend("web-1", 5001, 5, true, false),
                backend("web-1", 5001, 5, true, true), "draining");
        send(alice, "PATCH", "/api/backends/" + id, "{\"draining\": false}", "req-undrain");
        assertMadeBy(theNewRevision(6), "alice", "req-undrain", "backend.undrain",
                "changed backend web-1: draining true -> false");

        send(alice, "PATCH", "/api/settings", "{\"algorithm\": \"least-requests\"}", "req-settings");
        JsonNode settings = theNewRevision(7);
        assertMadeBy(settings, "alice", "req-settings", "settings.update",
                "changed settings: algorithm round-robin -> least-requests");
        assertTouched(settings, "settings", 1L,
                "{\"algorithm\":\"round-robin\",\"hashOn\":null,\"stickyCookie\":null,\"slowStart\":null}",
                "{\"algorithm\":\"least-requests\",\"hashOn\":null,\"stickyCookie\":null,\"slowStart\":null}",
                "algorithm");

        assertThat(send(bob, "DELETE", "/api/backends/" + id, null, "req-remove").status()).isEqualTo(204);
        JsonNode removed = theNewRevision(8);
        assertMadeBy(removed, "bob", "req-remove", "backend.delete", "removed backend web-1 (http://127.0.0.1:5001)");
        assertTouched(removed, "backend", id, backend("web-1", 5001, 5, true, false), null,
                "name", "url", "weight", "enabled", "draining");

        String document = "{\"format\": 1, \"settings\": {\"algorithm\": \"least-requests\"}, \"backends\": "
                + "[{\"name\": \"web-2\", \"url\": \"http://127.0.0.1:5002\"}]}";
        assertThat(send(alice, "PUT", "/api/config", document, "req-apply").status()).isEqualTo(200);
        JsonNode applied = theNewRevision(9);
        assertMadeBy(applied, "alice", "req-apply", "config.apply",
                "applied a document: added backend web-2 (http://127.0.0.1:5002)");
        assertThat(applied.get("changes").get(0).get("after")).isEqualTo(json(backend("web-2", 5002, 1, true, false)));
    }

    @Test
    void aChangeThatChangesNothingIsNoRevision() {
        long id = alice.post("/api/backends", "{\"url\": \"http://127.0.0.1:5001\", \"weight\": 3}").json()
                .get("id").asLong();

        assertThat(alice.patch("/api/backends/" + id, "{\"weight\": 3}").status()).isEqualTo(200);
        assertThat(alice.patch("/api/settings", "{\"algorithm\": \"round-robin\"}").status()).isEqualTo(200);
        assertThat(alice.send("PUT", "/api/config", alice.get("/api/config").raw().body()).json()
                .get("revision").asLong()).isEqualTo(1);

        assertThat(revisions()).hasSize(1);
    }

    @Test
    void aRefusedChangeStoresNoRevision() throws Exception {
        long id = alice.post("/api/backends", "{\"url\": \"http://127.0.0.1:5001\", \"name\": \"taken\"}").json()
                .get("id").asLong();
        String document = alice.get("/api/config").raw().body();

        assertThat(alice.post("/api/backends", "{\"url\": \"ftp://127.0.0.1:5002\"}").status()).isEqualTo(400);
        assertThat(alice.post("/api/backends", "{\"url\": \"http://127.0.0.1:5001\"}").status()).isEqualTo(409);
        assertThat(alice.post("/api/backends", "{\"url\": \"http://127.0.0.1:5003\", \"name\": \"taken\"}")
                .status()).isEqualTo(409);
        assertThat(alice.patch("/api/backends/" + id, "{\"weight\": 5000}").status()).isEqualTo(400);
        assertThat(alice.patch("/api/backends/999", "{\"weight\": 2}").status()).isEqualTo(404);
        assertThat(alice.delete("/api/backends/999").status()).isEqualTo(404);
        assertThat(alice.patch("/api/settings", "{\"algorithm\": \"hash\"}").status()).isEqualTo(400);
        assertThat(alice.send("PUT", "/api/config", "{\"format\": 1, \"settings\": {}, \"backends\": "
                + "[{\"name\": \"x\", \"url\": \"ftp://x:1\"}]}").status()).isEqualTo(400);
        assertThat(alice.send(HttpRequest.newBuilder(URI.create(alice.base() + "/api/config"))
                .PUT(HttpRequest.BodyPublishers.ofString(document.replace("http://127.0.0.1:5001",
                        "http://127.0.0.1:5009")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ALICE)
                .header("If-Match", "\"7\"").build()).status()).isEqualTo(412);
        assertThat(alice.post("/api/revisions/99/revert", null).status()).isEqualTo(404);
        assertThat(alice.post("/api/revisions/99/restore", null).status()).isEqualTo(404);
        assertThat(new AdminClient(server.adminPort(), "not-a-token-of-anyone").post("/api/backends",
                "{\"url\": \"http://127.0.0.1:5004\"}").status()).isEqualTo(401);

        try (Database database = Database.open(jdbcUrl)) {
            assertThat(database.config().latestRevision()).isEqualTo(1);
            assertThat(database.config().page(null, 0, null, 100)).extracting(Revision::number).containsExactly(1L);
            assertThat(database.backends().list()).hasSize(1);
        }
    }

    @Test
    void pagesGoNewestFirstWithACursorAndFilterByBackend() {
        long one = alice.post("/api/backends", "{\"url\": \"http://127.0.0.1:5001\"}").json().get("id").asLong();
        long two = alice.post("/api/backends", "{\"url\": \"http://127.0.0.1:5002\"}").json().get("id").asLong();
        alice.patch("/api/backends/" + one, "{\"weight\": 2}");
        alice.patch("/api/backends/" + two, "{\"weight\": 2}");
        alice.patch("/api/backends/" + one, "{\"weight\": 3}");

        JsonNode first = alice.get("/api/revisions?limit=2").json();
        assertThat(first.get("items")).extracting(r -> r.get("revision").asLong()).containsExactly(5L, 4L);
        assertThat(first.get("next").asLong()).isEqualTo(4);
        JsonNode second = alice.get("/api/revisions?limit=2&before=4").json();
        assertThat(second.get("items")).extracting(r -> r.get("revision").asLong()).containsExactly(3L, 2L);
        JsonNode last = alice.get("/api/revisions?limit=2&before=2").json();
        assertThat(last.get("items")).extracting(r -> r.get("revision").asLong()).containsExactly(1L);
        assertThat(last.get("next").isNull()).isTrue();

        assertThat(alice.get("/api/revisions?backend=" + one).json().get("items"))
                .extracting(r -> r.get("revision").asLong()).containsExactly(5L, 3L, 1L);
        assertThat(alice.get("/api/revisions?backend=999").json().get("items")).isEmpty();
        assertThat(alice.get("/api/revisions?backend=x").field()).isEqualTo("backend");
        assertThat(alice.get("/api/revisions?limit=0").field()).isEqualTo("limit");
    }

    @Test
    void anUnknownRevisionIs404() {
        for (String number : List.of("1", "99", "0", "-1", "abc", "99999999999999999999")) {
            AdminClient.Reply reply = alice.get("/api/revisions/" + number);
            assertThat(reply.status()).as(number).isEqualTo(404);
            assertThat(reply.error()).isEqualTo("no revision " + number);
            assertThat(reply.field()).isEqualTo("revision");
        }
    }

    @Test
    void theLogNamesTheTokenNeverTheTokenItself() {
        try (LogCapture log = new LogCapture(ConfigWriter.class)) {
            alice.post("/api/backends", "{\"url\": \"http://127.0.0.1:5001\", \"name\": \"web-1\"}");
            assertThat(log.messages()).containsExactly(
                    "INFO revision 1 by alice from 127.0.0.1: added backend web-1 (http://127.0.0.1:5001)");
        }
        assertThat(alice.get("/api/revisions").raw().body()).doesNotContain(ALICE, BOB);
    }

    @Test
    void withoutATokenTheAuthorIsLocal() throws Exception {
        FulcrumServer open = running.add(TestServers.startInMemory(null, List.of()));
        AdminClient local = new AdminClient(open.adminPort(), null);
        local.post("/api/backends", "{\"url\": \"http://127.0.0.1:5001\"}");

        JsonNode revision = local.get("/api/revisions/1").json();
        assertThat(revision.get("author").asText()).isEqualTo("local");
        assertThat(revision.get("requestId").asText()).matches("[0-9a-f]{32}");
    }
}
