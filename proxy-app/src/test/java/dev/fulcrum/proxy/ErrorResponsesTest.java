package dev.fulcrum.proxy;

import static dev.fulcrum.server.TestServers.closedPort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.testing.LogCapture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The responses Fulcrum writes itself: short, in the client's format, with a request id, and anonymous. */
class ErrorResponsesTest {

    @RegisterExtension
    final ProxyUnderTest proxy = new ProxyUnderTest();

    private final ObjectMapper json = new ObjectMapper();


    @Test
    void aClientThatAcceptsJsonGetsTheErrorAsJson() throws Exception {
        proxy.start(ProxySettings.DEFAULTS);

        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/"))
                .header("Accept", "application/json"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("no backend available");
        assertThat(body.get("status").asInt()).isEqualTo(503);
        assertThat(body.get("requestId").asText())
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow())
                .matches("[0-9a-f]{32}");
    }

    @Test
    void noResponseFulcrumWritesNamesAServerUnlessOneIsConfigured() throws Exception {
        CountingBackend live = proxy.started(new CountingBackend("live"));
        SilentBackend silent = proxy.started(new SilentBackend());
        proxy.start(ProxySettings.DEFAULTS.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300),
                Duration.ofMillis(300)).withRetries(new RetrySettings(0, 20, false)),
                live.port(), closedPort(), silent.port());

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            responses.add(proxy.send(HttpRequest.newBuilder(proxy.uri("/" + i))));
        }
        proxy.pool().replaceAll(List.of());
        responses.add(proxy.send(HttpRequest.newBuilder(proxy.uri("/empty"))));

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 502, 504, 503);
        for (HttpResponse<String> response : responses) {
            assertThat(response.headers().firstValue("Server")).isEmpty();
            assertThat(response.headers().firstValue("Via")).isEmpty();
            assertThat(response.body()).doesNotContainIgnoringCase("jetty").doesNotContain("<html", "Exception");
        }
    }

    @Test
    void aConfiguredServerHeaderReplacesTheBackendsOnEveryResponse() throws Exception {
        CountingBackend live = proxy.started(new CountingBackend("live"));
        proxy.start(ProxySettings.DEFAULTS.withForwarding(TrustedProxies.NONE, "edge"), live.port());

        HttpResponse<String> proxied = proxy.send(HttpRequest.newBuilder(proxy.uri("/")));
        proxy.pool().replaceAll(List.of());
        HttpResponse<String> refused = proxy.send(HttpRequest.newBuilder(proxy.uri("/")));

        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(proxied.headers().allValues("Server")).containsExactly("edge");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().allValues("Server")).containsExactly("edge");
    }

    @Test
    void aProxiedResponseCarriesTheBackendsDateOnce() throws Exception {
        CountingBackend live = proxy.started(new CountingBackend("live"));
        proxy.start(ProxySettings.DEFAULTS, live.port());

        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Date")).hasSize(1);
    }

    @Test
    void aValidRequestIdFromTheClientReachesTheBackendAndTheAccessLog() throws Exception {
        CountingBackend live = proxy.started(new CountingBackend("live"));
        proxy.start(ProxySettings.DEFAULTS, live.port());
        try (LogCapture accessLog = LogCapture.accessLog()) {
            proxy.send(HttpRequest.newBuilder(proxy.uri("/kept")).header("X-Request-Id", "client-42.a:b"));
            assertThat(live.lastRequestId()).isEqualTo("client-42.a:b");

            proxy.send(HttpRequest.newBuilder(proxy.uri("/replaced"))
                    .header("X-Request-Id", "<script>" + "x".repeat(200)));
            String assigned = live.lastRequestId();
            assertThat(assigned).matches("[0-9a-f]{32}");

            String longPath = "/long/" + "p".repeat(2_000);
            proxy.send(HttpRequest.newBuilder(proxy.uri(longPath)));

            org.awaitility.Awaitility.await().until(() -> accessLog.messages().size() >= 3);
            assertThat(accessLog.messages())
                    .anySatisfy(line -> assertThat(line).contains("/kept").endsWith(" client-42.a:b"))
                    .anySatisfy(line -> assertThat(line).contains("/replaced").endsWith(" " + assigned))
                    .anySatisfy(line -> assertThat(line).contains("...(" + longPath.length() + " chars)")
                            .hasSizeLessThan("INFO ".length() + AccessLog.MAX_PATH_LENGTH + 200));
        }
    }
}
