package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.db.testing.BothDatabases;
import dev.fulcrum.db.testing.TestDatabase;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.demo.DemoBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.provider.CsvSource;

/** The history calls of the admin API over a real checker writing to a real H2, and to a real PostgreSQL. */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(BothDatabases.class)
class HistoryApiTest {

    @Parameter
    TestDatabase kind;

    private DemoBackend backend;
    private FulcrumServer server;
    private AdminClient api;
    private long id;

    @BeforeEach
    void start() throws Exception {
        backend = new DemoBackend("127.0.0.1", 0, "one");
        backend.start();
        server = TestServers.start(kind.fresh(), null, List.of());
        api = new AdminClient(server.adminPort(), null);
        id = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:" + backend.port() + "\", \"name\": \"one\"}")
                .json().get("id").asLong();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        backend.close();
    }

    @Test
    void rawResultsComeNewestFirstAndFollowTheBackend() throws Exception {
        await().until(() -> api.get("/api/backends/" + id + "/health").json().get("items").size() >= 5);
        backend.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !api.get("/api/backends/" + id + "/health?limit=1")
                .json().get("items").get(0).get("passed").asBoolean());

        JsonNode reply = api.get("/api/backends/" + id + "/health?limit=1000").json();
        assertThat(reply.get("resolution").asText()).isEqualTo("raw");
        JsonNode items = reply.get("items");
        assertThat(items.get(0).get("error").asText()).isEqualTo("connection refused");
        assertThat(items.get(0).get("status").asInt()).isZero();
        assertThat(items.get(items.size() - 1).get("passed").asBoolean()).isTrue();
        assertThat(items.get(items.size() - 1).get("status").asInt()).isEqualTo(200);
        for (int i = 1; i < items.size(); i++) {
            assertThat(Instant.parse(items.get(i - 1).get("checkedAt").asText()))
                    .isAfterOrEqualTo(Instant.parse(items.get(i).get("checkedAt").asText()));
        }
        assertThat(api.get("/api/backends/" + id + "/health?limit=3").json().get("items")).hasSize(3);
    }

    @Test
    void aRangePastRawRetentionIsAnsweredFromRollups() {
        await().until(() -> api.get("/api/backends/" + id + "/health").json().get("items").size() >= 3);
        String from = Instant.now().minus(Duration.ofDays(3)).toString();

        JsonNode reply = api.get("/api/backends/" + id + "/health?from=" + from).json();

        assertThat(reply.get("resolution").asText()).isEqualTo("minute");
        assertThat(reply.get("items").get(0).get("checks").asInt()).isPositive();
    }

    @Test
    void summaryAndEventsTellTheStory() throws Exception {
        await().until(() -> api.get("/api/backends/" + id).json().get("health").asText().equals("up"));
        backend.close();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.get("/api/backends/" + id).json().get("health").asText().equals("down"));
        api.patch("/api/backends/" + id, "{\"enabled\": false}");

        await().untilAsserted(() -> {
            JsonNode events = api.get("/api/events?backend=" + id).json().get("items");
            assertThat(events).extracting(e -> e.get("reason").asText()).containsExactly("admin: disabled",
                    "active: 3 consecutive failures: connection refused", "active: first check passed", "added");
        });
        String disabledAt = api.get("/api/events?backend=" + id).json().get("items").get(0).get("at").asText();
        JsonNode summary = api.get("/api/backends/" + id + "/summary?window=1h").json();
        assertThat(summary.get("checks").asLong()).isPositive();
        assertThat(summary.get("failures").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(summary.get("uptimePercent").asDouble()).isBetween(0.0, 100.0);
        assertThat(summary.get("p50LatencyMs").isNumber()).isTrue();
        assertThat(summary.get("p95LatencyMs").asInt()).isGreaterThanOrEqualTo(summary.get("p50LatencyMs").asInt());
        assertThat(summary.get("transitions").asLong()).isEqualTo(4);
        // The last change is the disabling, and its age is counted to the end of the window, before this line.
        assertThat(summary.get("lastChange").asText()).isEqualTo(disabledAt);
        assertThat(summary.get("secondsSinceLastChange").asLong()).isNotNegative()
                .isLessThanOrEqualTo(Duration.between(Instant.parse(disabledAt), Instant.now()).toSeconds());
    }

    @Test
    void eventsArePaginatedNewestFirst() throws Exception {
        for (int i = 0; i < 3; i++) {
            api.patch("/api/backends/" + id, "{\"enabled\": false}");
            api.patch("/api/backends/" + id, "{\"enabled\": true}");
        }
        await().until(() -> api.get("/api/events?limit=100").json().get("items").size() >= 7);

        JsonNode first = api.get("/api/events?limit=4").json();
        JsonNode second = api.get("/api/events?limit=100&before=" + first.get("next").asLong()).json();

        assertThat(first.get("items")).hasSize(4);
        assertThat(second.get("items").get(0).get("id").asLong())
                .isEqualTo(first.get("items").get(3).get("id").asLong() - 1);
        assertThat(second.get("next").isNull()).isTrue();
    }

    @Test
    void probeNowReturnsTheRawResultWithTheStartOfTheBody() {
        JsonNode probe = api.post("/api/backends/" + id + "/probe", null).json();
        assertThat(probe.get("passed").asBoolean()).isTrue();
        assertThat(probe.get("status").asInt()).isEqualTo(200);
        assertThat(probe.get("body").asText()).isEqualTo("ok\n");
        assertThat(probe.get("latencyMs").asLong()).isNotNegative();

        api.patch("/api/backends/" + id, "{\"healthPath\": \"/\", \"expectStatus\": \"204\"}");
        JsonNode greeting = api.post("/api/backends/" + id + "/probe", null).json();
        assertThat(greeting.get("passed").asBoolean()).isFalse();
        assertThat(greeting.get("error").asText()).isEqualTo("HTTP 200");
        assertThat(greeting.get("body").asText()).startsWith("Hello from backend one");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/backends/ID/health?from=yesterday         | from",
        "/api/backends/ID/health?to=2026-13-01T00:00:00Z | to",
        "/api/backends/ID/health?limit=0                | limit",
        "/api/backends/ID/health?limit=10001            | limit",
        "/api/backends/ID/health?from=2030-01-01T00:00:00Z&to=2029-01-01T00:00:00Z | from",
        "/api/backends/ID/summary?window=2h             | window",
        "/api/events?backend=x                          | backend",
        "/api/events?before=-3                          | before",
    })
    void badQueryParametersAre400NamingTheParameter(String path, String field) {
        AdminClient.Reply reply = api.get(path.replace("ID", Long.toString(id)));
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
        assertThat(reply.field()).isEqualTo(field);
    }

    @Test
    void historyOfAnUnknownBackendIs404() {
        assertThat(api.get("/api/backends/999/health").status()).isEqualTo(404);
        assertThat(api.get("/api/backends/999/summary").status()).isEqualTo(404);
        assertThat(api.post("/api/backends/999/probe", null).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"healthPath\": \"health\"}         | healthPath",
        "{\"healthPath\": \"/a b\"}           | healthPath",
        "{\"healthPath\": 5}                  | healthPath",
        "{\"expectStatus\": \"2xx\"}          | expectStatus",
        "{\"expectStatus\": \"300-200\"}      | expectStatus",
        "{\"expectStatus\": 700}              | expectStatus",
        "{\"interval\": \"5\"}                | interval",
        "{\"interval\": \"50ms\"}             | interval",
        "{\"interval\": \"2h\"}               | interval",
        "{\"interval\": 5000}                 | interval",
    })
    void badCheckOverridesAre400(String body, String field) {
        AdminClient.Reply reply = api.patch("/api/backends/" + id, body);
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
        assertThat(reply.field()).isEqualTo(field);
    }

    @Test
    void healthOverridesAreShownAndCanBeCleared() {
        JsonNode set = api.patch("/api/backends/" + id,
                "{\"healthPath\": \"/ready?deep=1\", \"expectStatus\": 200, \"interval\": \"1500ms\"}").json();
        assertThat(set.get("healthPath").asText()).isEqualTo("/ready?deep=1");
        assertThat(set.get("expectStatus").asText()).isEqualTo("200");
        assertThat(set.get("interval").asText()).isEqualTo("1500ms");

        JsonNode cleared = api.patch("/api/backends/" + id, "{\"healthPath\": null, \"interval\": null}").json();
        assertThat(cleared.get("healthPath").isNull()).isTrue();
        assertThat(cleared.get("interval").isNull()).isTrue();
        assertThat(cleared.get("expectStatus").asText()).isEqualTo("200");
    }
}
