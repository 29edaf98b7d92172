package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.db.BackendLimits;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.history.RetentionSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin port's edge: no side doors (method override, requests from other sites), every field validated to what
 * stores and sends it, and the API's JSON for everything, Jetty's own errors included.
 */
class AdminEdgeTest {

    private final String jdbcUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private DemoBackend backend;
    private FulcrumServer server;
    private AdminClient api;
    private long id;

    @BeforeEach
    void start() throws Exception {
        backend = new DemoBackend("127.0.0.1", 0, "one");
        backend.start();
        server = new FulcrumServer(TestServers.fastChecks(), jdbcUrl,
                new AdminSettings("127.0.0.1", 0, null), RetentionSettings.DEFAULTS,
                List.of(URI.create("http://127.0.0.1:" + backend.port())));
        server.start();
        api = new AdminClient(server.adminPort(), null);
        id = api.get("/api/backends").json().get(0).get("id").asLong();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        backend.close();
    }

    private AdminClient.Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return api.send(request.build());
    }

    private static void assertJsonError(AdminClient.Reply reply, int status) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(status);
        assertThat(reply.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(reply.error()).isNotBlank();
    }

    // ------------------------------------------------------------------------------------------------ side doors

    @Test
    void aMethodIsWhatTheRequestLineSaysNotWhatAHeaderOverridesItWith() {
        AdminClient.Reply overridden = send("GET", "/api/backends/" + id, null, "X-HTTP-Method-Override", "DELETE");

        assertJsonError(overridden, 400);
        assertThat(overridden.field()).isEqualTo("X-HTTP-Method-Override");
        assertThat(api.get("/api/backends/" + id).status()).isEqualTo(200);
        assertThat(server.pool().find(id)).isPresent();
        assertJsonError(send("POST", "/api/backends/" + id + "/probe", null, "X-HTTP-Method-Override", "GET"), 400);
    }

    @Test
    void aProbeFromAnotherSitesPageIsRefusedWhateverItsContentType() {
        AdminClient.Reply crossSite = send("POST", "/api/backends/" + id + "/probe", "x", "Content-Type", "text/plain",
                "Sec-Fetch-Site", "cross-site", "Origin", "http://evil.example");
        AdminClient.Reply oldBrowser = send("POST", "/api/backends/" + id + "/probe", null,
                "Origin", "http://evil.example");

        assertJsonError(crossSite, 403);
        assertThat(crossSite.error()).contains("cross-origin");
        assertJsonError(oldBrowser, 403);
        assertThat(oldBrowser.error()).contains("Origin does not match Host");
    }

    @ParameterizedTest(name = "{0} {1} with {2}: {3}")
    @CsvSource(delimiter = '|', value = {
        "DELETE | /api/backends/ID | Sec-Fetch-Site=cross-site              | 403",
        "DELETE | /api/backends/ID | Sec-Fetch-Site=same-site               | 403",
        "PATCH  | /api/backends/ID | Origin=http://evil.example             | 403",
        "PATCH  | /api/backends/ID | Origin=null                            | 403",
        "PATCH  | /api/backends/ID | Origin=http://127.0.0.1:1              | 403",
        "POST   | /api/backends    | Sec-Fetch-Site=cross-site              | 403",
        "POST   | /api/backends    | Origin=http://localhost.evil.example   | 403",
        "PATCH  | /api/backends/ID | Sec-Fetch-Site=same-origin             | 200",
        "PATCH  | /api/backends/ID | Sec-Fetch-Site=none                    | 200",
        "PATCH  | /api/backends/ID | Origin=http://127.0.0.1:PORT           | 200",
        "PATCH  | /api/backends/ID |                                        | 200",
        "GET    | /api/backends/ID | Sec-Fetch-Site=cross-site              | 200",
        "POST   | /api/backends/ID/probe | Sec-Fetch-Site=same-origin       | 200",
    })
    void changesFromAnotherSiteAreRefusedWhileThePageAndToolsPass(String method, String path, String header,
                                                                 int expected) {
        String body = method.equals("PATCH") ? "{\"weight\": 3}"
                : method.equals("POST") && path.endsWith("backends") ? "{\"url\": \"http://127.0.0.1:9\"}" : null;
        List<String> headers = new java.util.ArrayList<>(List.of("Content-Type", "application/json"));
        if (header != null) {
            String[] pair = header.split("=", 2);
            headers.add(pair[0]);
            headers.add(pair[1].replace("PORT", Integer.toString(server.adminPort())));
        }

        AdminClient.Reply reply = send(method, path.replace("ID", Long.toString(id)), body,
                headers.toArray(String[]::new));

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(expected);
        if (expected == 403) {
            assertJsonError(reply, 403);
            JsonNode stored = api.get("/api/backends/" + id).json();
            assertThat(stored.get("weight").asInt()).isEqualTo(1);
            assertThat(api.get("/api/backends").json()).hasSize(1);
        }
    }

    // ------------------------------------------------------------------------------------------- JSON, never HTML

    @Test
    void aBadEscapeInThePathIsTheApisJsonNotJettysHtml() throws Exception {
        RawRequest.Answer answer = RawRequest.get(server.adminPort(), "/api/backends/%00");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().get("error").asText()).contains("malformed request");
        assertThat(answer.body()).doesNotContain("<html", "Jetty", "Exception");
    }

    @Test
    void aNineThousandCharacterQueryIs414AsJson() throws Exception {
        RawRequest.Answer answer = RawRequest.get(server.adminPort(), "/api/backends?q=" + "a".repeat(9_000));

        assertThat(answer.status()).isEqualTo(414);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().get("error").asText()).contains("request URI longer than");
        assertThat(answer.body()).doesNotContain("<html", "Jetty");
    }

    @Test
    void aSeventeenKilobyteHeaderIs431AsJson() throws Exception {
        RawRequest.Answer answer = RawRequest.get(server.adminPort(), "/api/backends", "X-Big: " + "b".repeat(17_000));

        assertThat(answer.status()).isEqualTo(431);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().get("error").asText()).contains("request headers larger than");
        assertThat(answer.body()).doesNotContain("<html", "Jetty");
    }

    @Test
    void aChunkedBodyWithABadChunkSizeIs400NotAnInternalError() throws Exception {
        RawRequest.Answer answer = RawRequest.send(server.adminPort(), "POST /api/backends HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.adminPort() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", "zz\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("malformed or incomplete request body");
        assertThat(api.get("/api/backends").json()).hasSize(1);
    }

    @Test
    void aRequestLineNamingHttp2IsAnUnsupportedVersionAsJson() throws Exception {
        RawRequest.Answer answer = RawRequest.send(server.adminPort(), "GET /api/backends HTTP/2.0\r\nHost: 127.0.0.1:"
                + server.adminPort(), null);

        assertThat(answer.status()).isEqualTo(505);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void unknownPathsAndMethodsAreJsonTooWhileThePageIsHtml() throws Exception {
        assertJsonError(api.get("/no/such/page"), 404);
        assertJsonError(send("TRACE", "/api/backends", null), 405);
        RawRequest.Answer page = RawRequest.get(server.adminPort(), "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
    }

    // ----------------------------------------------------------------------------------------------- bad inputs

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "to=-1000000000-01-01T00:00:00Z   | to",
        "to=+1000000000-12-31T23:59:59Z   | to",
        "from=-1000000000-01-01T00:00:00Z | from",
        "from=+10000-01-01T00:00:00Z      | from",
        "to=-0001-12-31T23:59:59Z         | to",
    })
    void instantsOutsideWhatTheirArithmeticAllowsAre400NamingTheParameter(String query, String field) {
        String[] pair = query.split("=", 2);
        AdminClient.Reply reply = api.get("/api/backends/" + id + "/health?" + pair[0] + "="
                + URLEncoder.encode(pair[1], StandardCharsets.UTF_8));

        assertJsonError(reply, 400);
        assertThat(reply.field()).isEqualTo(field);
    }

    @Test
    void theWidestInstantsThatAreAllowedAreAnswered() {
        AdminClient.Reply reply = api.get("/api/backends/" + id + "/health?from=0000-01-01T00:00:00Z"
                + "&to=9999-12-31T23:59:59Z&limit=1");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"/a|b", "/a<b", "/a>b", "/a\\\"b", "/a{b", "/a}b", "/a\\\\b", "/a^b", "/a`b", "/a%",
        "/a%4", "/a%zz", "/a%%20", "/a b", "/a#top", "/caf\u00e9", "health", "", "/a?b|c"})
    void aHealthPathThatIsNotAValidUrlPathIs400(String path) {
        AdminClient.Reply reply = api.patch("/api/backends/" + id, "{\"healthPath\": \"" + path + "\"}");

        assertJsonError(reply, 400);
        assertThat(reply.field()).isEqualTo("healthPath");
        assertThat(api.get("/api/backends/" + id).json().get("healthPath").isNull()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/health", "/a%20b", "/ready?deep=1&x=/y?z", "/~user/(x)/it's;v=1/@:+,$!*",
        "//double/slash", "/%E9t%C3%A9"})
    void validHealthPathsAreKept(String path) {
        AdminClient.Reply reply = api.patch("/api/backends/" + id, "{\"healthPath\": \"" + path + "\"}");

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json().get("healthPath").asText()).isEqualTo(path);
    }

    @Test
    void aHealthPathLongerThanItsColumnIs400NotADatabaseError() {
        AdminClient.Reply reply = api.patch("/api/backends/" + id, "{\"healthPath\": \"/" + "p".repeat(256) + "\"}");

        assertJsonError(reply, 400);
        assertThat(reply.field()).isEqualTo("healthPath");
        assertThat(reply.error()).contains("256");
    }

    @Test
    void aLongHostGetsADefaultNameShortenedToFitAndTwoSuchHostsDoNotCollide() {
        String start = "service-" + "a".repeat(80) + ".internal.example";
        AdminClient.Reply one = api.post("/api/backends", "{\"host\": \"" + start + ".one\", \"port\": 5001}");
        AdminClient.Reply two = api.post("/api/backends", "{\"host\": \"" + start + ".two\", \"port\": 5001}");

        assertThat(one.status()).as(one.raw().body()).isEqualTo(201);
        assertThat(two.status()).as(two.raw().body()).isEqualTo(201);
        String name = one.json().get("name").asText();
        assertThat(name).hasSizeLessThanOrEqualTo(BackendLimits.MAX_NAME_LENGTH).startsWith("service-aaaa")
                .endsWith("-5001").matches("[A-Za-z0-9._-]+");
        assertThat(two.json().get("name").asText()).isNotEqualTo(name);
    }

    @Test
    void aHostLongerThanDnsAllowsIs400NamingTheHost() {
        String host = ("a".repeat(60) + ".").repeat(5) + "example";

        AdminClient.Reply hostAndPort = api.post("/api/backends", "{\"host\": \"" + host + "\", \"port\": 80}");
        AdminClient.Reply url = api.post("/api/backends", "{\"url\": \"http://" + host + ":80\"}");

        assertJsonError(hostAndPort, 400);
        assertThat(hostAndPort.field()).isEqualTo("host");
        assertJsonError(url, 400);
        assertThat(url.field()).isEqualTo("url");
        assertThat(api.get("/api/backends").json()).hasSize(1);
    }

    @Test
    void aUrlLongerThanItsColumnIs400NotDatabaseUnavailable() {
        AdminClient.Reply reply = api.post("/api/backends", "{\"url\": \"http://h" + "x".repeat(2100) + ":80\"}");

        assertJsonError(reply, 400);
        assertThat(reply.field()).isEqualTo("url");
        assertThat(reply.error()).doesNotContain("database");
    }

    @Test
    void aStoredHealthPathThatCannotBeSentIsAFailedCheckInWordsAndProbeNowStillAnswers() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "")) {
            c.createStatement().execute("UPDATE backend SET health_path = '/a|b' WHERE id = " + id);
        }
        assertThat(api.patch("/api/backends/" + id, "{\"weight\": 2}").status()).isEqualTo(200);

        AdminClient.Reply probe = api.post("/api/backends/" + id + "/probe", null);

        assertThat(probe.status()).as(probe.raw().body()).isEqualTo(200);
        assertThat(probe.json().get("passed").asBoolean()).isFalse();
        assertThat(probe.json().get("error").asText()).isEqualTo("invalid health check URL");
        await().untilAsserted(() -> assertThat(api.get("/api/backends/" + id).json().get("lastError").asText())
                .isEqualTo("invalid health check URL"));
    }
}
