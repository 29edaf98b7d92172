package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Revert and restore: a revision's inverse, or the whole configuration as right after one, applied as a new revision
 * that reaches traffic with the next request; a revert that would undo a later change too is refused unless forced.
 */
class UndoTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final Resources running = new Resources();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private DemoBackend one;
    private DemoBackend two;
    private DemoBackend three;
    private FulcrumServer server;
    private AdminClient api;

    @BeforeEach
    void start() throws Exception {
        one = running.add(new DemoBackend("127.0.0.1", 0, "one"));
        two = running.add(new DemoBackend("127.0.0.1", 0, "two"));
        three = running.add(new DemoBackend("127.0.0.1", 0, "three"));
        one.start();
        two.start();
        three.start();
        server = running.add(TestServers.startInMemory(null, List.of(TestServers.local(one.port()),
                TestServers.local(two.port()))));
        api = new AdminClient(server.adminPort(), null);
    }

    /** Which backends answer the next twelve requests: round-robin reaches each routable one. */
    private Set<String> answering() throws Exception {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.proxyPort() + "/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            names.add(response.body().split(" ")[3]);
        }
        return names;
    }

    private long latest() {
        return Long.parseLong(api.get("/api/config").raw().headers().firstValue("ETag").orElseThrow()
                .replace("\"", ""));
    }

    private JsonNode revert(long number) {
        AdminClient.Reply reverted = api.post("/api/revisions/" + number + "/revert", null);
        assertThat(reverted.status()).as(reverted.raw().body()).isEqualTo(200);
        return reverted.json();
    }

    private JsonNode revision(long number) {
        return api.get("/api/revisions/" + number).json();
    }

    @Test
    void revertingAnAddRemovesTheBackendFromTrafficAtOnce() throws Exception {
        long id = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:" + three.port() + "\", \"name\": \"three\"}")
                .json().get("id").asLong();
        assertThat(answering()).containsExactlyInAnyOrder("one", "two", "three");
        long added = latest();

        JsonNode reverted = revert(added);

        assertThat(answering()).containsExactlyInAnyOrder("one", "two");
        assertThat(api.get("/api/backends/" + id).status()).isEqualTo(404);
        assertThat(reverted.get("revision").asLong()).isEqualTo(added + 1);
        assertThat(reverted.get("removed")).extracting(c -> c.get("name").asText()).containsExactly("three");
        JsonNode revision = revision(added + 1);
        assertThat(revision.get("action").asText()).isEqualTo("config.revert");
        assertThat(revision.get("sourceRevision").asLong()).isEqualTo(added);
        assertThat(revision.get("summary").asText()).isEqualTo("reverted revision " + added + ": removed backend "
                + "three (http://127.0.0.1:" + three.port() + ")");
    }

    @Test
    void revertingAChangeRestoresTheEarlierValuesAtOnce() throws Exception {
        long id = api.get("/api/backends").json().get(1).get("id").asLong();
        JsonNode before = api.get("/api/backends/" + id).json();
        api.patch("/api/backends/" + id, "{\"enabled\": false, \"weight\": 7}");
        assertThat(answering()).containsExactly("one");

        revert(latest());

        assertThat(answering()).containsExactlyInAnyOrder("one", "two");
        JsonNode after = api.get("/api/backends/" + id).json();
        assertThat(after.get("enabled").asBoolean()).isTrue();
        assertThat(after.get("weight")).isEqualTo(before.get("weight"));
    }

    @Test
    void revertingARemoveBringsTheBackendBackUnderItsIdAtOnce() throws Exception {
        JsonNode removed = api.get("/api/backends").json().get(1);
        long id = removed.get("id").asLong();
        api.delete("/api/backends/" + id);
        assertThat(answering()).containsExactly("one");

        revert(latest());

        assertThat(answering()).containsExactlyInAnyOrder("one", "two");
        JsonNode back = api.get("/api/backends/" + id).json();
        for (String field : List.of("name", "url", "weight", "enabled", "draining", "healthPath")) {
            assertThat(back.get(field)).as(field).isEqualTo(removed.get(field));
        }
        long next = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:" + three.port() + "\"}").json().get("id")
                .asLong();
        assertThat(next).as("ids are still never handed out twice").isGreaterThan(id);
    }

    @Test
    void aRevertThatWouldUndoALaterChangeIs409UnlessForced() throws Exception {
        long id = api.get("/api/backends").json().get(0).get("id").asLong();
        String name = api.get("/api/backends/" + id).json().get("name").asText();
        api.patch("/api/backends/" + id, "{\"weight\": 5}");
        long first = latest();
        api.patch("/api/backends/" + id, "{\"weight\": 9}");
        long second = latest();

        AdminClient.Reply refused = api.post("/api/revisions/" + first + "/revert", null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).isEqualTo("revision " + first + " cannot be reverted alone: later revisions "
                + "changed the same things (backend " + name + " in revision " + second + "); revert those first, "
                + "restore an earlier revision, or add ?force=true to set them back to how revision " + first
                + " found them");
        assertThat(latest()).isEqualTo(second);
        assertThat(api.get("/api/backends/" + id).json().get("weight").asInt()).isEqualTo(9);

        AdminClient.Reply forced = api.post("/api/revisions/" + first + "/revert?force=true", null);
        assertThat(forced.status()).isEqualTo(200);
        assertThat(api.get("/api/backends/" + id).json().get("weight").asInt()).isEqualTo(1);
        assertThat(api.post("/api/revisions/" + first + "/revert?force=maybe", null).field()).isEqualTo("force");
    }

    @Test
    void revertingTheLatestOfSeveralChangesToOneBackendIsAllowed() {
        long id = api.get("/api/backends").json().get(0).get("id").asLong();
        api.patch("/api/backends/" + id, "{\"weight\": 5}");
        api.patch("/api/backends/" + id, "{\"weight\": 9}");

        revert(latest());

        assertThat(api.get("/api/backends/" + id).json().get("weight").asInt()).isEqualTo(5);
    }

    @Test
    void restoringARevisionGivesTheExportTakenRightAfterIt() throws Exception {
        long id = api.get("/api/backends").json().get(0).get("id").asLong();
        api.patch("/api/backends/" + id, "{\"weight\": 4, \"healthPath\": \"/ready\"}");
        long restorePoint = latest();
        JsonNode exportedThen = api.get("/api/config").json();

        api.delete("/api/backends/" + id);
        api.post("/api/backends", "{\"url\": \"http://127.0.0.1:" + three.port() + "\", \"name\": \"three\"}");
        api.patch("/api/settings", "{\"algorithm\": \"hash\", \"hashOn\": \"path\", \"slowStart\": \"10s\"}");
        api.patch("/api/backends/" + api.get("/api/backends").json().get(0).get("id").asLong(), "{\"name\": \"2\"}");

        AdminClient.Reply restored = api.post("/api/revisions/" + restorePoint + "/restore", null);

        assertThat(restored.status()).isEqualTo(200);
        JsonNode exportedNow = api.get("/api/config").json();
        assertThat(withoutRevision(exportedNow)).isEqualTo(withoutRevision(exportedThen));
        assertThat(exportedNow.get("revision").asLong()).isEqualTo(restored.json().get("revision").asLong());
        assertThat(answering()).containsExactlyInAnyOrder("one", "two");
        JsonNode revision = revision(latest());
        assertThat(revision.get("action").asText()).isEqualTo("config.restore");
        assertThat(revision.get("sourceRevision").asLong()).isEqualTo(restorePoint);
        assertThat(api.get("/api/backends/" + id).status()).as("restored under its id").isEqualTo(200);

        assertThat(api.post("/api/revisions/" + latest() + "/restore", null).json().get("revision").asLong())
                .as("restoring the latest changes nothing").isEqualTo(latest());
    }

    static JsonNode withoutRevision(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove("revision");
        return copy;
    }
}
