package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.server.TrafficSettings;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.health.EjectionSettings;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.pool.HealthState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live traffic ejects a dead backend long before the active checker would call it DOWN, without a client seeing an
 * error, and the active checker's first pass after the ejection time brings it back.
 */
class PassiveEjectionTest {

    private final List<DemoBackend> backends = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private FulcrumServer server;

    @AfterEach
    void stop() throws Exception {
        server.close();
        for (DemoBackend backend : backends) {
            backend.close();
        }
    }

    @Test
    void connectFailuresOnTrafficEjectAndAnActivePassReadmits() throws Exception {
        for (String name : List.of("one", "two")) {
            DemoBackend backend = new DemoBackend("127.0.0.1", 0, name);
            backend.start();
            backends.add(backend);
        }
        // fall 100 at 200 ms: the active checker alone would need 20 s to call a dead backend DOWN.
        TrafficSettings base = TestServers.settings(
                new HealthCheckSettings("/health", Duration.ofMillis(200), Duration.ofMillis(500), 1, 100),
                Duration.ofSeconds(5));
        server = TestServers.start(new TrafficSettings(base.host(), base.port(), base.proxy(), base.health(),
                new EjectionSettings(3, Duration.ofMillis(500), Duration.ofSeconds(5))), null,
                backends.stream().map(b -> TestServers.local(b.port())).toList());
        await().until(() -> server.pool().health(2).state() == HealthState.UP);
        int port = backends.get(1).port();
        backends.get(1).close();

        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("Hello from backend one");
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> server.pool().health(2).state() == HealthState.EJECTED);
        assertThat(server.pool().routingTable().backends()).extracting(b -> b.id()).containsExactly(1L);

        DemoBackend restarted = new DemoBackend("127.0.0.1", port, "two");
        restarted.start();
        backends.set(1, restarted);
        await().atMost(Duration.ofSeconds(3)).until(() -> server.pool().health(2).state() == HealthState.UP);
        await().until(() -> get().body().startsWith("Hello from backend two"));
    }

    private HttpResponse<String> get() throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.proxyPort() + "/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
