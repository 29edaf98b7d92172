package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenAPI document against the real routes: every documented operation is served, and on every documented path
 * every method the document leaves out is refused with 405; the server refuses to start when a route is missing from
 * the document or the document names one that is gone; and every documented response schema has exactly the fields
 * of the record the API answers with.
 */
class OpenApiDocumentTest {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private final java.util.concurrent.atomic.AtomicInteger nextPort = new java.util.concurrent.atomic.AtomicInteger(20000);
    private FulcrumServer server;
    private AdminClient api;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void documentMatchesTheRoutes() throws Exception {
        server = TestServers.startInMemory(null, List.of());
        api = new AdminClient(server.adminPort(), null);
        JsonNode doc = api.get("/api/openapi.json").json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");

        List<String> documented = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                String concrete = path.getKey().replace("{id}", Long.toString(
                                path.getKey().startsWith("/api/webhooks/") ? freshWebhook() : freshBackend()))
                        .replace("{revision}", Long.toString(latestRevision()));
                AdminClient.Reply reply = api.send(method.toUpperCase(), concrete, body(method, path.getKey()));
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
                "GET /api/backends/{id}/instances", "GET /api/events", "GET /api/instances", "GET /api/stats",
                "GET /api/settings", "PATCH /api/settings", "GET /api/tls",
                "GET /api/revisions", "GET /api/revisions/{revision}", "POST /api/revisions/{revision}/revert",
                "POST /api/revisions/{revision}/restore", "GET /api/config", "PUT /api/config",
                "POST /api/config/plan", "GET /api/openapi.json", "GET /healthz", "GET /api/backends/{id}/traffic",
                "GET /api/webhooks", "POST /api/webhooks", "GET /api/webhooks/{id}", "PATCH /api/webhooks/{id}",
                "DELETE /api/webhooks/{id}", "GET /api/webhooks/{id}/deliveries", "POST /api/webhooks/{id}/test",
                "GET /metrics");
    }

    @ParameterizedTest(name = "routes {0}, documented {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "GET /a, POST /a | GET /a, POST /a | ''",
        "GET /a, GET /b  | GET /a          | GET /b is served but not in openapi.json",
        "GET /a          | GET /a, PUT /a  | PUT /a is in openapi.json but not served",
        "PATCH /a        | GET /a          | PATCH /a is served but not in openapi.json; GET /a is in openapi.json but not served",
    })
    void routesAndDocumentMustAgreeBothWays(String routes, String documented, String disagreements) {
        assertThat(String.join("; ", OpenApiDocument.disagreements(set(routes), set(documented))))
                .isEqualTo(disagreements);
    }

    static Stream<Arguments> responseSchemas() {
        String api = "/paths/~1api~1";
        String json = "/content/application~1json/schema";
        return Stream.of(
                Arguments.of("/components/schemas/Backend", BackendView.class),
                Arguments.of("/components/schemas/Error", JsonReplies.ErrorBody.class),
                Arguments.of("/components/schemas/HealthCheck", HistoryRoutes.CheckItem.class),
                Arguments.of("/components/schemas/Rollup", HistoryRoutes.RollupItem.class),
                Arguments.of("/components/schemas/Event", EventRoutes.EventItem.class),
                Arguments.of("/components/schemas/Instance", InstanceRoutes.InstanceView.class),
                Arguments.of("/components/schemas/BackendSeenBy", HistoryRoutes.SeenBy.class),
                Arguments.of("/components/schemas/Settings", SettingsView.class),
                Arguments.of("/components/schemas/TrafficMinute", TrafficView.Minute.class),
                Arguments.of("/components/schemas/Webhook", WebhookRoutes.WebhookView.class),
                Arguments.of("/components/schemas/Delivery", WebhookRoutes.DeliveryView.class),
                Arguments.of("/components/schemas/Attempt", WebhookRoutes.AttemptView.class),
                Arguments.of(api + "stats/get/responses/200" + json + "/properties/backends/items",
                        StatsRoutes.BackendMinute.class),
                Arguments.of(api + "backends~1{id}~1traffic/get/responses/200" + json, StatsRoutes.Traffic.class),
                Arguments.of(api + "backends~1{id}~1traffic/get/responses/200" + json + "/properties/items/items",
                        TrafficView.Step.class),
                Arguments.of(api + "webhooks~1{id}~1deliveries/get/responses/200" + json,
                        WebhookRoutes.DeliveriesPage.class),
                Arguments.of("/components/schemas/BackendItem", BackendItem.class),
                Arguments.of("/components/schemas/ConfigDocument", ConfigDocument.Rendered.class),
                Arguments.of("/components/schemas/WebhookEntry", WebhookEntry.class),
                Arguments.of("/components/schemas/Plan", ConfigPlan.class),
                Arguments.of("/components/schemas/ItemChange", ItemChange.class),
                Arguments.of("/components/schemas/Revision", RevisionRoutes.RevisionView.class),
                Arguments.of("/components/schemas/DocumentError", JsonReplies.DocumentErrorBody.class),
                Arguments.of("/components/schemas/Problem", DocumentProblems.Problem.class),
                Arguments.of(api + "revisions/get/responses/200" + json, RevisionRoutes.RevisionsPage.class),
                Arguments.of(api + "backends~1{id}~1health/get/responses/200" + json, HistoryRoutes.ChecksPage.class),
                Arguments.of(api + "backends~1{id}~1summary/get/responses/200" + json, HistoryRoutes.Summary.class),
                Arguments.of(api + "backends~1{id}~1summary/get/responses/200" + json + "/properties/instances/items",
                        HistoryRoutes.InstanceShare.class),
                Arguments.of(api + "backends~1{id}~1probe/post/responses/200" + json, ProbeRoutes.ProbeAnswer.class),
                Arguments.of(api + "events/get/responses/200" + json, EventRoutes.EventsPage.class),
                Arguments.of(api + "stats/get/responses/200" + json, StatsRoutes.Stats.class),
                Arguments.of(api + "stats/get/responses/200" + json + "/properties/seconds/items",
                        TrafficView.Second.class),
                Arguments.of(api + "tls/get/responses/200" + json, TlsRoutes.Certificates.class),
                Arguments.of(api + "tls/get/responses/200" + json + "/properties/certificates/items",
                        TlsRoutes.Certificate.class),
                Arguments.of("/paths/~1healthz/get/responses/200" + json, AdminServer.Liveness.class));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("responseSchemas")
    void eachDocumentedResponseHasTheFieldsOfItsRecord(String pointer, Class<? extends Record> answer) {
        JsonNode schema = document().at(pointer);
        assertThat(schema.isMissingNode()).as(pointer).isFalse();

        List<String> fields = Arrays.stream(answer.getRecordComponents()).map(RecordComponent::getName).toList();
        List<String> documented = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(documented::add);
        assertThat(documented).as(pointer).containsExactlyInAnyOrderElementsOf(fields);
        // Every field of a record is sent, null or not, so each is required: that is also what tells a history
        // item's two oneOf shapes (a raw check, a per-minute rollup) apart.
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        assertThat(required).as(pointer + "/required").containsExactlyInAnyOrderElementsOf(fields);
    }

    /** Every response schema with fields of its own is in the table above, so none escapes the comparison. */
    @Test
    void everyResponseSchemaIsCompared() {
        Set<String> compared = new java.util.HashSet<>();
        responseSchemas().forEach(row -> compared.add((String) row.get()[0]));
        JsonNode doc = document();
        List<String> schemas = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> all = doc.path("components").path("schemas").fields();
             all.hasNext(); ) {
            String name = all.next().getKey();
            // The request bodies are checked by the requests the other admin tests send.
            if (!Set.of("NewBackend", "BackendChanges", "SettingsChanges", "NewWebhook", "WebhookChanges",
                    "ConfigDocumentInput", "BackendInput", "SettingsInput", "WebhookInput").contains(name)) {
                schemas.add("/components/schemas/" + name);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                for (Iterator<Map.Entry<String, JsonNode>> answers = op.getValue().path("responses").fields();
                     answers.hasNext(); ) {
                    Map.Entry<String, JsonNode> answer = answers.next();
                    JsonNode schema = answer.getValue().path("content").path("application/json").path("schema");
                    if (answer.getKey().startsWith("2") && schema.has("properties")) {
                        schemas.add("/paths/" + path.getKey().replace("~", "~0").replace("/", "~1") + "/"
                                + op.getKey() + "/responses/" + answer.getKey() + "/content/application~1json/schema");
                    }
                }
            }
        }
        assertThat(compared).containsAll(schemas);
    }

    private static JsonNode document() {
        try (java.io.InputStream in = AdminServer.class.getResourceAsStream("openapi.json")) {
            return new ObjectMapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> set(String list) {
        Set<String> items = new java.util.HashSet<>();
        for (String item : list.split(",")) {
            items.add(item.trim());
        }
        return items;
    }

    private long freshBackend() {
        AdminClient.Reply created = api.post("/api/backends", body("post", "/api/backends"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long freshWebhook() {
        AdminClient.Reply created = api.post("/api/webhooks", body("post", "/api/webhooks"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long latestRevision() {
        return api.get("/api/revisions?limit=1").json().get("items").get(0).get("revision").asLong();
    }

    private String body(String method, String path) {
        if (path.startsWith("/api/webhooks")) {
            return switch (method) {
                case "post" -> path.endsWith("/test") ? null : "{\"url\": \"http://127.0.0.1:9/hook\"}";
                case "patch", "put" -> "{\"enabled\": false}";
                default -> null;
            };
        }
        // Only the operations that take a document get one; the 405s need no more than a small body.
        if (path.equals("/api/config/plan") && method.equals("post") || path.equals("/api/config")
                && method.equals("put")) {
            return api.get("/api/config").raw().body();
        }
        return switch (method) {
            case "post" -> path.startsWith("/api/revisions") ? null
                    : "{\"url\": \"http://127.0.0.1:" + nextPort.incrementAndGet() + "\"}";
            case "patch", "put" -> path.equals("/api/settings") ? "{\"algorithm\": \"least-requests\"}"
                    : "{\"weight\": 2}";
            default -> null;
        };
    }
}
