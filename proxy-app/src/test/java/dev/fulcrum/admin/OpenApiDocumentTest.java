package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the real routes: every documented operation is served, and on every documented path
 * every method the document leaves out is refused with 405.
 */
class OpenApiDocumentTest {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private final java.util.concurrent.atomic.AtomicInteger nextPort = new java.util.concurrent.atomic.AtomicInteger(20000);
    private FulcrumServer server;
    private AdminClient api;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.startInMemory(null, List.of());
        api = new AdminClient(server.adminPort(), null);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void documentMatchesTheRoutes() {
        JsonNode doc = api.get("/api/openapi.json").json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");

        List<String> documented = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                String concrete = path.getKey().replace("{id}", Long.toString(freshBackend()));
                AdminClient.Reply reply = api.send(method.toUpperCase(), concrete, body(method));
                if (path.getValue().has(method)) {
                    documented.add(method.toUpperCase() + " " + path.getKey());
                    Set<String> declared = new java.util.HashSet<>();
                    path.getValue().get(method).get("responses").fieldNames().forEachRemaining(declared::add);
                    assertThat(declared).as("%s %s answered %s", method, concrete, reply.status())
                            .contains(Integer.toString(reply.status()));
                    assertThat(reply.status()).isLessThan(400);
                } else {
                    assertThat(reply.status()).as("%s %s is not documented", method, concrete).isEqualTo(405);
                }
            }
        }
        assertThat(documented).containsExactlyInAnyOrder("GET /api/backends", "POST /api/backends",
                "GET /api/backends/{id}", "PATCH /api/backends/{id}", "DELETE /api/backends/{id}",
                "GET /api/backends/{id}/health", "GET /api/backends/{id}/summary", "POST /api/backends/{id}/probe",
                "GET /api/events", "GET /api/stats", "GET /api/openapi.json", "GET /healthz");
    }

    private long freshBackend() {
        AdminClient.Reply created = api.post("/api/backends", body("post"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private String body(String method) {
        return switch (method) {
            case "post" -> "{\"url\": \"http://127.0.0.1:" + nextPort.incrementAndGet() + "\"}";
            case "patch", "put" -> "{\"weight\": 2}";
            default -> null;
        };
    }
}
