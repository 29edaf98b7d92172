package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.pool.Algorithm;
import dev.fulcrum.pool.BalancerSettings;
import dev.fulcrum.pool.HashOn;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.server.TrafficSettings;
import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /api/settings}: read, changed, validated field by field, logged, applied at once, kept across a restart. */
class SettingsApiTest {

    private static final String DEFAULTS =
            "{\"algorithm\":\"round-robin\",\"hashOn\":null,\"stickyCookie\":null,\"slowStart\":null}";

    @RegisterExtension
    final Resources running = new Resources();

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FulcrumServer start(String jdbcUrl, SettingsFlags flags, List<URI> seeds) throws Exception {
        TrafficSettings checks = TestServers.fastChecks();
        FulcrumServer server = new FulcrumServer(new TrafficSettings(checks.host(), checks.port(), checks.proxy(),
                checks.health(), checks.ejection(), flags), jdbcUrl, new AdminSettings("127.0.0.1", 0, null),
                RetentionSettings.DEFAULTS, seeds);
        server.start();
        return server;
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void theDefaultsAreRoundRobinWithNothingElse() throws Exception {
        FulcrumServer server = running.add(start(TestServers.inMemoryDatabase(), SettingsFlags.NONE, List.of()));
        AdminClient api = new AdminClient(server.adminPort(), null);
        assertThat(api.get("/api/settings").json()).isEqualTo(json(DEFAULTS));
        assertThat(server.pool().settings()).isEqualTo(BalancerSettings.DEFAULTS);
    }

    @Test
    void aChangeIsAnsweredLoggedAndRoutesTheNextRequest() throws Exception {
        DemoBackend one = running.add(new DemoBackend("127.0.0.1", 0, "one"));
        DemoBackend two = running.add(new DemoBackend("127.0.0.1", 0, "two"));
        one.start();
        two.start();
        FulcrumServer server = running.add(start(TestServers.inMemoryDatabase(), SettingsFlags.NONE,
                List.of(TestServers.local(one.port()), TestServers.local(two.port()))));
        AdminClient api = new AdminClient(server.adminPort(), null);

        AdminClient.Reply changed;
        try (LogCapture log = new LogCapture(SettingsService.class)) {
            changed = api.patch("/api/settings", "{\"algorithm\": \"hash\", \"hashOn\": \"header:X-User\","
                    + " \"slowStart\": \"30s\"}");
            assertThat(log.messages()).containsExactly("INFO balancer settings changed: algorithm round-robin -> "
                    + "hash, hashOn none -> header:X-User, slowStart none -> 30s");
        }
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json()).isEqualTo(json(
                "{\"algorithm\":\"hash\",\"hashOn\":\"header:X-User\",\"stickyCookie\":null,\"slowStart\":\"30s\"}"));
        assertThat(api.get("/api/settings").json()).isEqualTo(changed.json());

        for (String user : List.of("ann", "bob", "cy", "dee")) {
            Set<String> answers = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.proxyPort() + "/")).header("X-User", user)
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                answers.add(response.body());
            }
            assertThat(answers).as("user %s", user).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0} -> 400 {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "{\"algorithm\": \"fastest\"}                          | algorithm    | 'fastest' is not an algorithm; use one of round-robin, least-requests, hash",
        "{\"algorithm\": 7}                                    | algorithm    | algorithm must be one of round-robin, least-requests, hash",
        "{\"algorithm\": null}                                 | algorithm    | algorithm must be one of",
        "{\"algorithm\": \"hash\"}                             | hashOn       | algorithm hash needs hashOn: header:NAME, cookie:NAME, client-ip or path",
        "{\"hashOn\": \"header:\"}                             | hashOn       | hashOn 'header:' names no header",
        "{\"hashOn\": \"cookie:\"}                             | hashOn       | hashOn 'cookie:' names no cookie",
        "{\"hashOn\": \"ip\"}                                  | hashOn       | is not a hash key",
        "{\"hashOn\": [\"path\"]}                              | hashOn       | hashOn must be a string",
        "{\"stickyCookie\": \"\"}                              | stickyCookie | stickyCookie must be a cookie name",
        "{\"stickyCookie\": \"a b\"}                           | stickyCookie | may only contain",
        "{\"slowStart\": \"-5s\"}                              | slowStart    | slowStart must be a duration",
        "{\"slowStart\": \"0s\"}                               | slowStart    | slowStart must be between 1s and 1h",
        "{\"slowStart\": \"2h\"}                               | slowStart    | slowStart must be between 1s and 1h",
        "{\"slowStart\": 30}                                   | slowStart    | slowStart must be a duration",
        "{\"algorithm\": \"hash\", \"hashOn\": \"path\", \"slowStart\": \"-1s\"} | slowStart | slowStart must be a duration",
        "{\"weight\": 1}                                       | weight       | unknown field 'weight'",
        "{}                                                    | NONE         | nothing to change",
        "[]                                                    | NONE         | expected a JSON object",
    })
    void aBadValueIsRefusedNamingItsFieldAndNothingIsStored(String body, String field, String message)
            throws Exception {
        FulcrumServer server = running.add(start(TestServers.inMemoryDatabase(), SettingsFlags.NONE, List.of()));
        AdminClient api = new AdminClient(server.adminPort(), null);

        AdminClient.Reply refused = api.patch("/api/settings", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field()).isEqualTo(field);
        assertThat(refused.error()).contains(message);
        assertThat(api.get("/api/settings").json()).isEqualTo(json(DEFAULTS));
        assertThat(server.pool().settings()).isEqualTo(BalancerSettings.DEFAULTS);
    }

    @Test
    void hashOnCannotBeClearedWhileTheAlgorithmIsHash() throws Exception {
        FulcrumServer server = running.add(start(TestServers.inMemoryDatabase(), SettingsFlags.NONE, List.of()));
        AdminClient api = new AdminClient(server.adminPort(), null);
        api.patch("/api/settings", "{\"algorithm\": \"hash\", \"hashOn\": \"path\"}");

        AdminClient.Reply refused = api.patch("/api/settings", "{\"hashOn\": null}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field()).isEqualTo("hashOn");
        assertThat(api.get("/api/settings").json().get("hashOn").asText()).isEqualTo("path");
        assertThat(api.patch("/api/settings", "{\"algorithm\": \"round-robin\", \"hashOn\": null}").status())
                .isEqualTo(200);
    }

    @Test
    void flagsAreTheFirstValuesAndAfterThatTheStoredOnesWinWithOneLineSayingSo() throws Exception {
        String file = "jdbc:h2:file:" + dir.resolve("fulcrum");
        SettingsFlags leastRequests = new SettingsFlags(Algorithm.LEAST_REQUESTS, null, "srv", null);

        try (LogCapture log = new LogCapture(SettingsService.class);
             FulcrumServer first = start(file, leastRequests, List.of())) {
            assertThat(new AdminClient(first.adminPort(), null).get("/api/settings").json()).isEqualTo(json(
                    "{\"algorithm\":\"least-requests\",\"hashOn\":null,\"stickyCookie\":\"srv\",\"slowStart\":null}"));
            assertThat(log.messages()).containsExactly("INFO balancer settings stored for this database: algorithm "
                    + "least-requests, hashOn none, stickyCookie srv, slowStart none");
            new AdminClient(first.adminPort(), null).patch("/api/settings", "{\"algorithm\": \"round-robin\"}");
        }

        SettingsFlags other = new SettingsFlags(Algorithm.HASH, HashOn.parse("path"), "srv", Duration.ofSeconds(5));
        try (LogCapture log = new LogCapture(SettingsService.class);
             FulcrumServer second = start(file, other, List.of())) {
            assertThat(new AdminClient(second.adminPort(), null).get("/api/settings").json().get("algorithm").asText())
                    .as("the change made at run time survives the restart").isEqualTo("round-robin");
            assertThat(second.pool().settings().algorithm()).isEqualTo(Algorithm.ROUND_ROBIN);
            assertThat(log.messages()).containsExactly("WARN --algorithm hash, --hash-on path, --slow-start 5s not "
                    + "applied: this database keeps algorithm round-robin, hashOn none, stickyCookie srv, slowStart "
                    + "none (stored values win after the first start, so changes made at run time survive a restart);"
                    + " change them with PATCH /api/settings or on the admin page");
        }

        try (LogCapture log = new LogCapture(SettingsService.class);
             FulcrumServer third = start(file, new SettingsFlags(null, null, "srv", null), List.of())) {
            assertThat(log.messages()).as("a flag equal to what is stored is no news").isEmpty();
        }
    }
}
