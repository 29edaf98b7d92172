package dev.fulcrum.server;

import static dev.fulcrum.server.TestServers.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.pool.HealthState;
import dev.fulcrum.testing.PrometheusSamples;
import dev.fulcrum.testing.Promtool;
import dev.fulcrum.testing.StatusBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} and the API's per-backend traffic, against a real server, real backends and promtool. */
class MetricsEndpointTest {

    private static final String DURATION = "fulcrum_backend_request_duration_seconds";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private StatusBackend statuses;
    private DemoBackend demo;
    private FulcrumServer server;
    private AdminClient api;
    private String statusesName;
    private String demoName;

    @BeforeEach
    void start() throws Exception {
        statuses = new StatusBackend();
        demo = new DemoBackend("127.0.0.1", 0, "demo");
        demo.start();
        server = TestServers.startInMemory(null, List.of(statuses.url(), local(demo.port())));
        api = new AdminClient(server.adminPort(), null);
        statusesName = name(1);
        demoName = name(2);
        await().until(() -> server.pool().backends().stream()
                .allMatch(b -> server.pool().health(b.id()).state() == HealthState.UP));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        demo.close();
        statuses.close();
    }

    private String name(long id) {
        return api.get("/api/backends/" + id).json().get("name").asText();
    }

    private HttpResponse<String> scrape(String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + "/metrics"));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusSamples metrics() throws Exception {
        HttpResponse<String> response = scrape(null);
        assertThat(response.statusCode()).isEqualTo(200);
        return new PrometheusSamples(response.body());
    }

    /** Sends {@code count} requests for {@code path}, all answered through the backend that takes them. */
    private void send(int count, String path) throws Exception {
        for (int i = 0; i < count; i++) {
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.proxyPort() + path)).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    @Test
    void afterNRequestsABackendsCounterAndHistogramCountRoseByExactlyN() throws Exception {
        api.patch("/api/backends/2", "{\"enabled\": false}");
        PrometheusSamples before = metrics();
        double requests = before.value("fulcrum_backend_requests_total", "backend", statusesName, "code", "2xx");
        double timed = before.value(DURATION + "_count", "backend", statusesName);

        send(37, "/");

        await().until(() -> metrics().value("fulcrum_backend_requests_total", "backend", statusesName, "code",
                "2xx") == requests + 37);
        PrometheusSamples after = metrics();
        assertThat(after.value(DURATION + "_count", "backend", statusesName)).isEqualTo(timed + 37);
        assertThat(after.value(DURATION + "_bucket", "backend", statusesName, "le", "+Inf")).isEqualTo(timed + 37);
        assertThat(after.value(DURATION + "_sum", "backend", statusesName)).isPositive();
        assertThat(after.value("fulcrum_backend_response_bytes_total", "backend", statusesName))
                .isEqualTo(37 * "status 200\n".length());
        assertThat(after.value("fulcrum_requests_total", "code", "2xx")).isEqualTo(37);
        assertThat(after.value("fulcrum_backend_requests_total", "backend", demoName, "code", "2xx")).isZero();
        assertThat(after.find(DURATION + "_bucket", "backend", statusesName)).extracting(s -> s.labels().get("le"))
                .containsExactly("0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0",
                        "2.5", "5.0", "10.0", "30.0", "+Inf");
    }

    @Test
    void aStoppedBackendsHealthGaugeGoesToZero() throws Exception {
        assertThat(metrics().value("fulcrum_backend_up", "backend", demoName)).isEqualTo(1);

        demo.close();

        await().until(() -> metrics().value("fulcrum_backend_up", "backend", demoName) == 0);
        PrometheusSamples after = metrics();
        assertThat(after.value("fulcrum_backend_routable", "backend", demoName)).isZero();
        assertThat(after.value("fulcrum_backend_up", "backend", statusesName)).isEqualTo(1);
        assertThat(after.value("fulcrum_health_checks_total", "backend", demoName, "result", "fail")).isPositive();
        assertThat(after.value("fulcrum_health_check_duration_seconds_count", "backend", demoName)).isPositive();
    }

    @Test
    void theScrapeIsValidPrometheusTextWithWellNamedMetrics() throws Exception {
        Path promtool = Promtool.require();
        api.patch("/api/backends/2", "{\"enabled\": false}");
        send(5, "/status/503");
        await().until(() -> metrics().value("fulcrum_requests_total", "code", "5xx") == 5);
        HttpResponse<String> response = scrape(null);

        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Promtool.Verdict verdict = Promtool.checkMetrics(promtool, response.body());
        assertThat(verdict.output()).isEmpty();
        assertThat(verdict.exitCode()).isZero();

        PrometheusSamples samples = new PrometheusSamples(response.body());
        for (String name : List.of("fulcrum_backend_requests_in_flight", "fulcrum_backend_retries_total",
                "fulcrum_backend_connect_failures_total", "fulcrum_backend_timeouts_total",
                "fulcrum_backend_ejections_total", "fulcrum_backend_request_bytes_total")) {
            assertThat(samples.has(name, "backend", statusesName)).as(name).isTrue();
        }
        for (String name : List.of("fulcrum_retries_total", "fulcrum_retries_refused_total",
                "fulcrum_health_check_schedule_lag_seconds_count", "fulcrum_history_rows_written_total",
                "fulcrum_history_rows_dropped_total", "fulcrum_access_log_lines_dropped_total",
                "fulcrum_client_connections", "fulcrum_client_connection_limit_reached_total",
                "jvm_memory_used_bytes", "process_cpu_usage", "jvm_threads_live_threads")) {
            assertThat(samples.has(name)).as(name).isTrue();
        }
        assertThat(samples.has("jetty_threads_busy", "pool", "proxy")).isTrue();
        assertThat(samples.has("jetty_threads_busy", "pool", "admin")).isTrue();
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        HttpResponse<String> response = scrape("application/openmetrics-text;version=1.0.0,text/plain;q=0.5");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/openmetrics-text; version=1.0.0"));
        assertThat(response.body()).contains("# TYPE fulcrum_backend_requests counter").endsWith("# EOF\n");
    }

    @Test
    void statusClassesAreCountedPerBackendFromA200A404AndA500() throws Exception {
        api.patch("/api/backends/2", "{\"enabled\": false}");
        send(6, "/status/200");
        send(3, "/status/404");
        send(2, "/status/500");

        await().until(() -> api.get("/api/backends/1").json().get("lastMinute").get("requests").asLong() == 11);
        JsonNode minute = api.get("/api/backends/1").json().get("lastMinute");
        assertThat(minute.get("status2xx").asLong()).isEqualTo(6);
        assertThat(minute.get("status3xx").asLong()).isZero();
        assertThat(minute.get("status4xx").asLong()).isEqualTo(3);
        assertThat(minute.get("status5xx").asLong()).isEqualTo(2);
        assertThat(minute.get("requestsPerSecond").asDouble()).isPositive();
        assertThat(minute.get("p50Ms").asDouble()).isPositive();
        assertThat(minute.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(minute.get("p95Ms").asDouble());
        assertThat(minute.get("inFlight").asInt()).isZero();

        JsonNode stats = api.get("/api/stats").json();
        assertThat(stats.get("lastMinute").get("requests").asLong()).isEqualTo(11);
        assertThat(stats.get("lastMinute").get("status4xx").asLong()).isEqualTo(3);
        assertThat(stats.get("backends").get(0).get("name").asText()).isEqualTo(statusesName);
        for (String field : List.of("requests", "status2xx", "status3xx", "status4xx", "status5xx", "retries")) {
            assertThat(stats.get("backends").get(0).get("lastMinute").get(field)).as(field)
                    .isEqualTo(minute.get(field));
        }

        PrometheusSamples samples = metrics();
        assertThat(samples.value("fulcrum_backend_requests_total", "backend", statusesName, "code", "4xx"))
                .isEqualTo(3);
        assertThat(samples.value("fulcrum_backend_requests_total", "backend", statusesName, "code", "5xx"))
                .isEqualTo(2);

        assertThat(api.get("/api/backends/1/traffic").json().get("step").asText()).isEqualTo("5s");
        // The steps come from the 5 s samples, and a step to now shorter than a second is left out: the requests
        // show once a sample or a second has passed.
        await().until(() -> {
            double sent = 0;
            for (JsonNode step : api.get("/api/backends/1/traffic").json().get("items")) {
                sent += step.get("requestsPerSecond").asDouble();
            }
            return sent > 0;
        });
    }

    @Test
    void aTokenIsNeededForMetricsWhenTheApiNeedsOne() throws Exception {
        FulcrumServer guarded = TestServers.startInMemory("s3cret-metrics-token", List.of());
        try {
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + guarded.adminPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("admin token");

            HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + guarded.adminPort() + "/metrics")).header("Authorization", "Bearer s3cret-metrics-token").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.body()).contains("fulcrum_requests_total");
        } finally {
            guarded.close();
        }
    }
}
