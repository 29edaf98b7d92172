package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.db.testing.BothDatabases;
import dev.fulcrum.db.testing.TestDatabase;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.demo.DemoBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every admin API call and every refusal, against the real server on port 0 and a fresh database: an in-memory H2
 * and a PostgreSQL.
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(BothDatabases.class)
class AdminApiTest {

    @Parameter
    TestDatabase kind;

    private DatabaseSettings database;
    private DemoBackend backend;
    private FulcrumServer server;
    private AdminClient api;

    @BeforeEach
    void start() throws Exception {
        database = kind.fresh();
        backend = new DemoBackend("127.0.0.1", 0, "one");
        backend.start();
        server = TestServers.start(database, null, List.of());
        api = new AdminClient(server.adminPort(), null);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        backend.close();
    }

    private String backendUrl() {
        return "http://127.0.0.1:" + backend.port();
    }

    private JsonNode create(String body) {
        AdminClient.Reply reply = api.post("/api/backends", body);
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        return reply.json();
    }

    @Test
    void createReadUpdateDelete() {
        assertThat(api.get("/api/backends").json()).isEmpty();

        AdminClient.Reply created = api.post("/api/backends",
                "{\"url\": \"" + backendUrl() + "\", \"name\": \"one\", \"weight\": 5}");
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.raw().headers().firstValue("Location")).hasValue("/api/backends/" + id);
        assertThat(created.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(created.json().get("name").asText()).isEqualTo("one");
        assertThat(created.json().get("url").asText()).isEqualTo(backendUrl());
        assertThat(created.json().get("weight").asInt()).isEqualTo(5);
        assertThat(created.json().get("enabled").asBoolean()).isTrue();

        assertThat(api.get("/api/backends/" + id).json().get("name").asText()).isEqualTo("one");
        assertThat(api.get("/api/backends").json()).hasSize(1);

        AdminClient.Reply patched = api.patch("/api/backends/" + id, "{\"weight\": 0, \"name\": \"uno\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("weight").asInt()).isZero();
        assertThat(patched.json().get("name").asText()).isEqualTo("uno");
        assertThat(patched.json().get("url").asText()).isEqualTo(backendUrl());
        assertThat(patched.json().get("routable").asBoolean()).isFalse();

        AdminClient.Reply deleted = api.delete("/api/backends/" + id);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.raw().body()).isEmpty();
        assertThat(api.get("/api/backends/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/backends").json()).isEmpty();
    }

    @Test
    void theOriginalHostAndPortFormIsAccepted() {
        JsonNode created = create("{\"host\": \"127.0.0.1\", \"port\": \"" + backend.port() + "\"}");
        assertThat(created.get("url").asText()).isEqualTo(backendUrl());
        assertThat(created.get("name").asText()).isEqualTo("127.0.0.1-" + backend.port());
    }

    @Test
    void backendsCarryTheirLiveStateFromTheChecker() throws Exception {
        long id = create("{\"url\": \"" + backendUrl() + "\"}").get("id").asLong();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode live = api.get("/api/backends/" + id).json();
            assertThat(live.get("health").asText()).isEqualTo("up");
            assertThat(live.get("routable").asBoolean()).isTrue();
            assertThat(live.get("lastCheck").isTextual()).isTrue();
            assertThat(live.get("latencyMs").isIntegralNumber()).isTrue();
        });
        backend.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode live = api.get("/api/backends").json().get(0);
            assertThat(live.get("health").asText()).isEqualTo("down");
            assertThat(live.get("routable").asBoolean()).isFalse();
            assertThat(live.get("lastError").asText()).isEqualTo("connection refused");
        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"url\": \"http://127.0.0.1:1\"                               | ",
        "[1, 2]                                                         | ",
        "``                                                             | ",
        "{\"url\": 42}                                                  | url",
        "{\"url\": \"http://127.0.0.1:1\", \"weight\": \"heavy\"}       | weight",
        "{\"url\": \"http://127.0.0.1:1\", \"weight\": 1.5}             | weight",
        "{\"url\": \"http://127.0.0.1:1\", \"enabled\": \"yes\"}        | enabled",
        "{\"url\": \"http://127.0.0.1:1\", \"name\": 7}                 | name",
        "{\"url\": \"http://127.0.0.1:1\", \"colour\": \"red\"}         | colour",
        "{\"url\": \"http://127.0.0.1:1\", \"url\": \"http://127.0.0.1:2\"} | ",
        "{}                                                             | url",
        "{\"url\": \"127.0.0.1:5001\"}                                  | url",
        "{\"url\": \"ftp://127.0.0.1:5001\"}                            | url",
        "{\"url\": \"http://\"}                                         | url",
        "{\"url\": \"http://:5001\"}                                    | url",
        "{\"url\": \"http://user:pw@127.0.0.1:5001\"}                   | url",
        "{\"url\": \"http://127.0.0.1:5001/?q=1\"}                      | url",
        "{\"url\": \"http://127.0.0.1:5001/#top\"}                      | url",
        "{\"url\": \"http://127.0.0.1:0\"}                              | url",
        "{\"url\": \"http://127.0.0.1:65536\"}                          | url",
        "{\"url\": \"http://127.0.0.1:1\", \"host\": \"127.0.0.1\"}     | url",
        "{\"host\": \"127.0.0.1\"}                                      | port",
        "{\"host\": \"127.0.0.1\", \"port\": 0}                         | port",
        "{\"host\": \"127.0.0.1\", \"port\": 65536}                     | port",
        "{\"host\": \"127.0.0.1\", \"port\": \"50x1\"}                  | port",
        "{\"host\": \"\", \"port\": 5001}                               | host",
        "{\"url\": \"http://127.0.0.1:1\", \"weight\": -1}              | weight",
        "{\"url\": \"http://127.0.0.1:1\", \"weight\": 1001}            | weight",
        "{\"url\": \"http://127.0.0.1:1\", \"name\": \"\"}              | name",
        "{\"url\": \"http://127.0.0.1:1\", \"name\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"} | name",
        "{\"url\": \"http://127.0.0.1:1\", \"name\": \"has space\"}     | name",
        "{\"url\": \"http://127.0.0.1:1\", \"name\": \"<img src=x onerror=alert(1)>\"} | name",
    })
    void invalidCreatesAre400NamingTheFieldAndStoreNothing(String body, String field) {
        AdminClient.Reply reply = api.post("/api/backends", body);

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
        assertThat(reply.error()).isNotBlank();
        assertThat(reply.field()).isEqualTo(field);
        assertThat(reply.raw().body()).doesNotContain("Exception", "\tat ");
        assertThat(api.get("/api/backends").json()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{}                                   | ",
        "{\"weight\": 2000}                   | weight",
        "{\"host\": \"127.0.0.1\"}            | host",
        "{\"url\": \"http://127.0.0.1:1/x\"}  | url",
        "{\"enabled\": null}                  | enabled",
        "{\"name\": \"a/b\"}                  | name",
    })
    void invalidPatchesAre400AndChangeNothing(String body, String field) {
        JsonNode created = create("{\"url\": \"" + backendUrl() + "\", \"name\": \"one\"}");

        AdminClient.Reply reply = api.patch("/api/backends/" + created.get("id").asLong(), body);

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
        assertThat(reply.field()).isEqualTo(field);
        JsonNode after = api.get("/api/backends/" + created.get("id").asLong()).json();
        assertThat(after.get("updatedAt")).isEqualTo(created.get("updatedAt"));
        assertThat(after.get("name").asText()).isEqualTo("one");
    }

    @Test
    void duplicateNameOrUrlIs409NamingTheField() {
        create("{\"url\": \"http://127.0.0.1:1\", \"name\": \"one\"}");
        JsonNode two = create("{\"url\": \"http://127.0.0.1:2\", \"name\": \"two\"}");

        AdminClient.Reply sameName = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:3\", \"name\": \"one\"}");
        AdminClient.Reply sameUrl = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:1/\", \"name\": \"x\"}");
        AdminClient.Reply sameUrlDefaultName = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:2\"}");
        AdminClient.Reply patchToTaken = api.patch("/api/backends/" + two.get("id").asLong(), "{\"name\": \"one\"}");

        assertThat(sameName.status()).isEqualTo(409);
        assertThat(sameName.field()).isEqualTo("name");
        assertThat(sameUrl.status()).isEqualTo(409);
        assertThat(sameUrl.field()).isEqualTo("url");
        assertThat(sameUrlDefaultName.status()).isEqualTo(409);
        assertThat(sameUrlDefaultName.field()).isEqualTo("url");
        assertThat(patchToTaken.status()).isEqualTo(409);
        assertThat(patchToTaken.field()).isEqualTo("name");
        assertThat(api.get("/api/backends").json()).hasSize(2);
    }

    @Test
    void unknownIdsAre404() {
        for (String path : List.of("/api/backends/999", "/api/backends/abc", "/api/backends/-1")) {
            AdminClient.Reply reply = api.get(path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.field()).isEqualTo("id");
        }
        assertThat(api.patch("/api/backends/999", "{\"weight\": 1}").status()).isEqualTo(404);
        assertThat(api.delete("/api/backends/999").status()).isEqualTo(404);
        AdminClient.Reply noRoute = api.get("/api/nothing-here");
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.error()).isEqualTo("not found");
    }

    @Test
    void bodiesOver64KbAre413WithOrWithoutALength() {
        String big = "{\"url\": \"http://127.0.0.1:1\", \"name\": \"" + "a".repeat(70_000) + "\"}";

        AdminClient.Reply declared = api.post("/api/backends", big);
        AdminClient.Reply chunked = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/backends"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build());

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.error()).contains("65536");
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(api.get("/api/backends").json()).isEmpty();
    }

    @Test
    void bodiesThatAreNotDeclaredJsonAre415SoOtherSitesCannotPostThroughABrowser() {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data")) {
            AdminClient.Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/backends"))
                    .header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"http://127.0.0.1:1\"}")).build());
            assertThat(reply.status()).as(type).isEqualTo(415);
            assertThat(reply.error()).contains("application/json");
        }
        AdminClient.Reply charset = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/backends"))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"http://127.0.0.1:1\"}")).build());
        assertThat(charset.status()).isEqualTo(201);
        assertThat(api.get("/api/backends").json()).hasSize(1);
    }

    @Test
    void withoutATokenOnlyLoopbackHostNamesAreServed() throws Exception {
        assertThat(statusLine("evil.example")).contains(" 403 ");
        assertThat(statusLine("evil.example:" + server.adminPort())).contains(" 403 ");
        assertThat(statusLine("localhost:" + server.adminPort())).contains(" 200 ");
        assertThat(statusLine("127.0.0.1:" + server.adminPort())).contains(" 200 ");
    }

    /** Raw bytes, because the JDK's client will not send a Host header of the caller's choosing. */
    private String statusLine(String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.adminPort())) {
            socket.getOutputStream().write(("GET /api/backends HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void wrongMethodsAre405() {
        assertThat(api.send("PUT", "/api/backends/1", "{}").status()).isEqualTo(405);
        assertThat(api.delete("/api/backends").status()).isEqualTo(405);
        AdminClient.Reply reply = api.send("PATCH", "/api/backends", "{}");
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.error()).isEqualTo("method not allowed");
    }

    @Test
    void databaseGoneMeans503ForTheApiWhileTrafficKeepsFlowing() throws Exception {
        create("{\"url\": \"" + backendUrl() + "\"}");
        HttpClient client = HttpClient.newHttpClient();
        URI proxy = URI.create("http://127.0.0.1:" + server.proxyPort() + "/");

        kind.remove(database);

        AdminClient.Reply write = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:2\"}");
        assertThat(write.status()).isEqualTo(503);
        assertThat(write.error()).contains("database unavailable");
        assertThat(write.raw().body()).doesNotContain("Exception");
        assertThat(api.get("/api/backends").status()).isEqualTo(503);
        assertThat(server.pool().backends()).hasSize(1);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(proxy).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("Hello from backend one");
        }
        assertThat(api.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void healthzAnswersOk() {
        AdminClient.Reply reply = api.get("/healthz");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("ok");
        assertThat(reply.raw().headers().firstValue("Server")).isEmpty();
    }
}
