package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.GatedBackend;
import dev.fulcrum.testing.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Draining through the API, end to end: no new request reaches a draining backend, the requests it has in flight
 * finish, {@code inFlight} shows them, and one {@code drained} event says how long it took.
 */
class DrainTest {

    @RegisterExtension
    final Resources running = new Resources();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private GatedBackend gated;
    private FulcrumServer server;
    private AdminClient api;
    private long gatedId;

    @BeforeEach
    void start() throws Exception {
        gated = running.add(new GatedBackend("slow"));
        DemoBackend other = new DemoBackend("127.0.0.1", 0, "other");
        other.start();
        running.add(other);
        server = running.add(TestServers.startInMemory(null, List.of(TestServers.local(gated.port()),
                TestServers.local(other.port()))));
        api = new AdminClient(server.adminPort(), null);
        gatedId = StreamSupport.stream(api.get("/api/backends").json().spliterator(), false)
                .filter(b -> b.get("url").asText().endsWith(":" + gated.port())).findFirst().orElseThrow()
                .get("id").asLong();
    }

    private CompletableFuture<HttpResponse<String>> send() {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.proxyPort() + "/"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode gatedView() {
        return api.get("/api/backends/" + gatedId).json();
    }

    private List<JsonNode> events(String to) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode event : api.get("/api/events?backend=" + gatedId).json().get("items")) {
            if (event.get("to").asText().equals(to)) {
                found.add(event);
            }
        }
        return found;
    }

    @Test
    void aDrainingBackendGetsNoNewRequestsFinishesItsOwnAndReportsWhenDrained() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inFlight.add(send());
        }
        await().until(() -> gated.held() == 3);
        await().until(() -> gatedView().get("inFlight").asInt() == 3);

        AdminClient.Reply drained = api.patch("/api/backends/" + gatedId, "{\"draining\": true}");
        assertThat(drained.status()).isEqualTo(200);
        assertThat(drained.json().get("draining").asBoolean()).isTrue();
        assertThat(drained.json().get("routable").asBoolean()).isFalse();

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = send().get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("Hello from backend other");
        }
        assertThat(gated.received()).as("no new request reached the draining backend").isEqualTo(3);
        assertThat(gatedView().get("inFlight").asInt()).isEqualTo(3);
        assertThat(events("drained")).isEmpty();

        gated.release();
        for (CompletableFuture<HttpResponse<String>> request : inFlight) {
            assertThat(request.get().statusCode()).as("requests in flight complete").isEqualTo(200);
        }
        await().until(() -> gatedView().get("inFlight").asInt() == 0);
        await().until(() -> !events("drained").isEmpty());
        assertThat(events("drained")).singleElement().satisfies(event -> {
            assertThat(event.get("from").asText()).isEqualTo("draining");
            assertThat(event.get("reason").asText())
                    .matches("drained: no requests in flight \\d+(ms|s|m) after the drain began");
        });
        assertThat(events("draining")).singleElement()
                .satisfies(event -> assertThat(event.get("reason").asText()).isEqualTo("admin: draining"));
        assertThat(gatedView().get("requestsLastMinute").asLong()).isEqualTo(3);
    }

    @Test
    void undrainingPutsTheBackendBackInRotation() throws Exception {
        gated.release();
        api.patch("/api/backends/" + gatedId, "{\"draining\": true}");
        await().until(() -> !events("drained").isEmpty());

        AdminClient.Reply back = api.patch("/api/backends/" + gatedId, "{\"draining\": false}");
        assertThat(back.json().get("routable").asBoolean()).isTrue();
        boolean reached = false;
        for (int i = 0; i < 4 && !reached; i++) {
            reached = send().get().body().startsWith("gated slow");
        }
        assertThat(reached).isTrue();
        assertThat(api.get("/api/events?backend=" + gatedId).json().get("items").get(0).get("reason").asText())
                .isEqualTo("admin: drain ended");
        assertThat(events("drained")).hasSize(1);
    }
}
