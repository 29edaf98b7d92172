package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.db.Database;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/config}: the whole configuration exported as one document, planned (changing nothing) and applied
 * atomically as one revision, on condition of a revision; an invalid document is refused whole.
 */
class ConfigApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final Resources running = new Resources();

    private String jdbcUrl;
    private FulcrumServer server;
    private AdminClient api;

    @BeforeEach
    void start() throws Exception {
        jdbcUrl = TestServers.inMemoryDatabase();
        server = running.add(TestServers.start(jdbcUrl, AdminTokens.NONE, StartupImport.NONE));
        api = new AdminClient(server.adminPort(), null);
        api.post("/api/backends", "{\"url\": \"http://127.0.0.1:5001\", \"name\": \"web-1\"}");
        api.post("/api/backends", "{\"url\": \"http://127.0.0.1:5002\", \"name\": \"web-2\", \"weight\": 3}");
        api.post("/api/backends", "{\"url\": \"http://127.0.0.1:5003\", \"name\": \"web-3\"}");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private AdminClient.Reply put(String document, String ifMatch) {
        return api.put("/api/config", document, ifMatch);
    }

    /** Every item of a plan's three lists, as kind, name, before, after and fields: what an apply does. */
    private static List<String> items(JsonNode plan) {
        List<String> items = new ArrayList<>();
        for (String list : List.of("added", "changed", "removed")) {
            for (JsonNode item : plan.get(list)) {
                items.add(list + " " + item.get("kind").asText() + " " + item.get("name").asText() + " "
                        + item.get("before") + " -> " + item.get("after") + " " + item.get("fields"));
            }
        }
        return items;
    }

    private static final String EDITED = """
            {"format": 1, "revision": 3,
             "settings": {"algorithm": "least-requests", "slowStart": "20s"},
             "backends": [
               {"name": "web-1", "url": "http://127.0.0.1:5001", "weight": 2},
               {"name": "web-two", "url": "http://127.0.0.1:5002", "weight": 3, "enabled": false},
               {"name": "web-4", "url": "http://127.0.0.1:5004", "healthPath": "/ready", "expectStatus": 204,
                "interval": "2s"}
             ]}""";

    @Test
    void theExportIsTheWholeConfigurationWithItsRevision() throws Exception {
        AdminClient.Reply exported = api.get("/api/config");

        assertThat(exported.status()).isEqualTo(200);
        assertThat(exported.raw().headers().firstValue("ETag")).hasValue("\"3\"");
        assertThat(exported.json()).isEqualTo(json("""
                {"format": 1, "revision": 3,
                 "settings": {"algorithm": "round-robin", "hashOn": null, "stickyCookie": null, "slowStart": null},
                 "backends": [
                  {"name": "web-1", "url": "http://127.0.0.1:5001", "weight": 1, "enabled": true, "draining": false,
                   "healthPath": null, "expectStatus": null, "interval": null},
                  {"name": "web-2", "url": "http://127.0.0.1:5002", "weight": 3, "enabled": true, "draining": false,
                   "healthPath": null, "expectStatus": null, "interval": null},
                  {"name": "web-3", "url": "http://127.0.0.1:5003", "weight": 1, "enabled": true, "draining": false,
                   "healthPath": null, "expectStatus": null, "interval": null}],
                 "webhooks": []}"""));
        assertThat(exported.raw().body()).startsWith("{\n  \"format\" : 1,").endsWith("}\n");
    }

    @Test
    void thePlanListsExactlyWhatTheApplyThenDoes() throws Exception {
        AdminClient.Reply planned = api.post("/api/config/plan", EDITED);

        assertThat(planned.status()).isEqualTo(200);
        JsonNode plan = planned.json();
        assertThat(plan.get("revision").asLong()).isEqualTo(3);
        assertThat(planned.raw().headers().firstValue("ETag")).hasValue("\"3\"");
        assertThat(items(plan)).containsExactly(
                "added backend web-4 null -> {\"name\":\"web-4\",\"url\":\"http://127.0.0.1:5004\",\"weight\":1,"
                        + "\"enabled\":true,\"draining\":false,\"healthPath\":\"/ready\",\"expectStatus\":\"204\","
                        + "\"interval\":\"2s\"} [\"name\",\"url\",\"weight\",\"enabled\",\"draining\",\"healthPath\","
                        + "\"expectStatus\",\"interval\"]",
                "changed settings null {\"algorithm\":\"round-robin\",\"hashOn\":null,\"stickyCookie\":null,"
                        + "\"slowStart\":null} -> {\"algorithm\":\"least-requests\",\"hashOn\":null,\"stickyCookie\""
                        + ":null,\"slowStart\":\"20s\"} [\"algorithm\",\"slowStart\"]",
                "changed backend web-1 {\"name\":\"web-1\",\"url\":\"http://127.0.0.1:5001\",\"weight\":1,\"enabled\""
                        + ":true,\"draining\":false,\"healthPath\":null,\"expectStatus\":null,\"interval\":null} -> "
                        + "{\"name\":\"web-1\",\"url\":\"http://127.0.0.1:5001\",\"weight\":2,\"enabled\":true,"
                        + "\"draining\":false,\"healthPath\":null,\"expectStatus\":null,\"interval\":null} [\"weight\"]",
                "changed backend web-two {\"name\":\"web-2\",\"url\":\"http://127.0.0.1:5002\",\"weight\":3,"
                        + "\"enabled\":true,\"draining\":false,\"healthPath\":null,\"expectStatus\":null,\"interval\""
                        + ":null} -> {\"name\":\"web-two\",\"url\":\"http://127.0.0.1:5002\",\"weight\":3,\"enabled\""
                        + ":false,\"draining\":false,\"healthPath\":null,\"expectStatus\":null,\"interval\":null} "
                        + "[\"name\",\"enabled\"]",
                "removed backend web-3 {\"name\":\"web-3\",\"url\":\"http://127.0.0.1:5003\",\"weight\":1,"
                        + "\"enabled\":true,\"draining\":false,\"healthPath\":null,\"expectStatus\":null,\"interval\""
                        + ":null} -> null [\"name\",\"url\",\"weight\",\"enabled\",\"draining\"]");
        assertThat(api.get("/api/config").raw().headers().firstValue("ETag")).as("a plan changes nothing")
                .hasValue("\"3\"");

        AdminClient.Reply applied = put(EDITED, "\"3\"");

        assertThat(applied.status()).isEqualTo(200);
        assertThat(applied.json().get("revision").asLong()).isEqualTo(4);
        assertThat(applied.raw().headers().firstValue("ETag")).hasValue("\"4\"");
        assertThat(items(applied.json())).containsExactlyInAnyOrderElementsOf(items(plan));
        assertThat(items(revisionAsPlan(api.get("/api/revisions/4").json())))
                .containsExactlyInAnyOrderElementsOf(items(plan));
        JsonNode web2 = api.get("/api/backends/2").json();
        assertThat(web2.get("name").asText()).as("a new name with a stored url is a rename: same id").isEqualTo("web-two");
        assertThat(server.pool().backends()).extracting(b -> b.name()).containsExactlyInAnyOrder("web-1", "web-two",
                "web-4");
        assertThat(server.pool().settings().slowStart()).isEqualTo(Duration.ofSeconds(20));
        assertThat(put(EDITED, "\"4\"").json().get("revision").asLong()).as("applied twice: nothing to change")
                .isEqualTo(4);
    }

    /** A revision's changes in a plan's three lists. */
    private static JsonNode revisionAsPlan(JsonNode revision) {
        ObjectNode plan = JSON.createObjectNode();
        plan.putArray("added");
        plan.putArray("changed");
        plan.putArray("removed");
        for (JsonNode change : revision.get("changes")) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) plan.get(change.get("before").isNull() ? "added"
                    : change.get("after").isNull() ? "removed" : "changed")).add(change);
        }
        return plan;
    }

    @Test
    void anApplyOnConditionOfAStaleRevisionIs412AndChangesNothingInTheDatabase() throws Exception {
        List<BackendRecord> before;
        try (Database database = Database.open(jdbcUrl)) {
            before = database.backends().list();
        }
        api.patch("/api/backends/1", "{\"weight\": 9}");

        AdminClient.Reply stale = put(EDITED, "\"3\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.field()).isEqualTo("If-Match");
        assertThat(stale.error()).isEqualTo("the configuration is at revision 4, not 3: it changed since you read "
                + "it; nothing was applied (read or plan it again)");
        try (Database database = Database.open(jdbcUrl)) {
            assertThat(database.config().latestRevision()).isEqualTo(4);
            assertThat(database.backends().list()).extracting(BackendRecord::name)
                    .containsExactlyElementsOf(before.stream().map(BackendRecord::name).toList());
            assertThat(database.settings().find().orElseThrow().algorithm()).isEqualTo("round-robin");
        }
        assertThat(put(EDITED, "4").status()).as("unquoted").isEqualTo(200);
        assertThat(put(EDITED, "*").json().get("revision").asLong()).as("nothing left to change").isEqualTo(5);
        assertThat(put(EDITED, "soon").field()).isEqualTo("If-Match");
    }

    @Test
    void anInvalidDocumentIsRefusedWholeWithAPointerToEachFaultAndChangesNothing() throws Exception {
        String document = """
                {"format": 2, "colour": "blue",
                 "settings": {"algorithm": "hash", "stickyCookie": "a b"},
                 "backends": [
                   {"name": "ok", "url": "http://127.0.0.1:5011"},
                   {"name": "bad name", "url": "ftp://127.0.0.1:5012", "weight": 5000},
                   {"name": "ok", "url": "http://127.0.0.1:5011", "colour/hue": 1},
                   {"url": "http://127.0.0.1:5014", "interval": "1ms", "enabled": "yes"},
                   7
                 ]}""";

        for (AdminClient.Reply refused : List.of(api.post("/api/config/plan", document), put(document, null))) {
            assertThat(refused.status()).isEqualTo(400);
            List<String> problems = new ArrayList<>();
            refused.json().get("problems").forEach(p -> problems.add(p.get("field").asText()));
            assertThat(problems).containsExactlyInAnyOrder("/colour", "/format", "/settings/stickyCookie",
                    "/backends/1/name", "/backends/1/url", "/backends/1/weight", "/backends/2/colour~1hue",
                    "/backends/3/name", "/backends/3/interval", "/backends/3/enabled", "/backends/4");
            assertThat(refused.field()).isEqualTo(refused.json().get("problems").get(0).get("field").asText());
            assertThat(refused.error()).startsWith("11 problems in the document; the first: ");
        }
        AdminClient.Reply duplicate = api.post("/api/config/plan", """
                {"format": 1, "settings": {"algorithm": "hash"},
                 "backends": [
                   {"name": "ok", "url": "http://127.0.0.1:5011"},
                   {"name": "ok", "url": "http://127.0.0.1:5011", "weight": 1}
                 ]}""");
        assertThat(duplicate.json().get("problems")).extracting(p -> p.get("field").asText() + ": "
                + p.get("error").asText()).containsExactly(
                "/settings/hashOn: algorithm hash needs hashOn: header:NAME, cookie:NAME, client-ip or path",
                "/backends/1/name: name 'ok' is also the name of /backends/0",
                "/backends/1/url: url http://127.0.0.1:5011 is also the url of /backends/0");
        assertThat(api.post("/api/config/plan", "{\"format\": 1,").json().get("problems").get(0).get("field")
                .asText()).isEmpty();
        try (Database database = Database.open(jdbcUrl)) {
            assertThat(database.config().latestRevision()).isEqualTo(3);
            assertThat(database.backends().list()).extracting(BackendRecord::name)
                    .containsExactly("web-1", "web-2", "web-3");
        }
    }

    @Test
    void twoBackendsMaySwapUrlsInOneApply() throws Exception {
        String swapped = api.get("/api/config").raw().body().replace("\"web-1\"", "\"tmp\"")
                .replace("\"web-2\"", "\"web-1\"").replace("\"tmp\"", "\"web-2\"");

        AdminClient.Reply applied = put(swapped, null);

        assertThat(applied.status()).as(applied.raw().body()).isEqualTo(200);
        assertThat(applied.json().get("changed")).extracting(c -> c.get("name").asText() + " "
                + c.get("fields")).containsExactly("web-1 [\"url\",\"weight\"]", "web-2 [\"url\",\"weight\"]");
        assertThat(api.get("/api/backends/1").json().get("url").asText()).as("backends are who their names say")
                .isEqualTo("http://127.0.0.1:5002");
        assertThat(api.get("/api/backends/2").json().get("url").asText()).isEqualTo("http://127.0.0.1:5001");
    }

    @Test
    void thePlanWarnsWhenFewerThanTwoBackendsStayRoutableOrTheBusiestGoes() throws Exception {
        StringBuilder backends = new StringBuilder();
        for (String name : List.of("busy", "idle", "spare")) {
            DemoBackend backend = running.add(new DemoBackend("127.0.0.1", 0, name));
            backend.start();
            backends.append(backends.length() == 0 ? "" : ",").append("{\"name\": \"").append(name)
                    .append("\", \"url\": \"http://127.0.0.1:").append(backend.port()).append("\", \"enabled\": ")
                    .append(name.equals("busy")).append("}");
        }
        assertThat(api.send("PUT", "/api/config", "{\"format\": 1, \"settings\": {}, \"backends\": [" + backends
                + "]}").status()).isEqualTo(200);
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 4; i++) {
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.proxyPort() + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        String config = api.get("/api/config").raw().body();

        JsonNode withoutBusy = api.post("/api/config/plan", config.replace("\"enabled\" : false", "\"enabled\" : true")
                .replaceFirst("\"busy\"", "\"gone\"").replaceFirst("\"url\" : \"http://127.0.0.1:\\d+\"",
                        "\"url\" : \"http://127.0.0.1:5099\"")).json();
        assertThat(JSON.convertValue(withoutBusy.get("warnings"), List.class)).containsExactly(
                "this removes busy, which carried the most traffic in the last minute (100 % of 4 requests)");

        JsonNode drained = api.post("/api/config/plan", config.replace("\"draining\" : false", "\"draining\" : true"))
                .json();
        assertThat(JSON.convertValue(drained.get("warnings"), List.class)).containsExactly(
                "this leaves no routable backend: every request would be answered 503 (no backend available)",
                "this takes busy out of rotation (draining), which carried the most traffic in the last minute "
                        + "(100 % of 4 requests)");

        JsonNode weighted = api.post("/api/config/plan", config.replaceFirst("\"weight\" : 1", "\"weight\" : 2"))
                .json();
        assertThat(JSON.convertValue(weighted.get("warnings"), List.class)).containsExactly(
                "this leaves one routable backend (busy): if it fails, there is none to fail over to");
        assertThat(api.post("/api/config/plan", config).json().get("warnings")).isEmpty();
    }
}
