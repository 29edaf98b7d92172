package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Twenty clients changing backends at once: twenty revisions with distinct numbers, one after another, and the final
 * configuration is what replaying them in the order of their numbers gives.
 */
class ConcurrentChangesTest {

    private static final int BACKENDS = 5;
    private static final int CLIENTS = 20;

    @RegisterExtension
    final Resources running = new Resources();

    /** Each backend's stored fields, by id, as the revisions record them. */
    private static Map<Long, JsonNode> backends(AdminClient api) {
        Map<Long, JsonNode> byId = new TreeMap<>();
        for (JsonNode backend : api.get("/api/backends").json()) {
            ObjectNode item = backend.deepCopy();
            item.retain(BackendItem.FIELDS);
            byId.put(backend.get("id").asLong(), item);
        }
        return byId;
    }

    @Test
    void twentyClientsAtOnceMakeTwentyRevisionsWhoseReplayInOrderIsTheFinalState() throws Exception {
        FulcrumServer server = running.add(TestServers.startInMemory(null, List.of()));
        AdminClient api = new AdminClient(server.adminPort(), null);
        for (int i = 1; i <= BACKENDS; i++) {
            api.post("/api/backends", "{\"url\": \"http://127.0.0.1:" + (5000 + i) + "\"}");
        }
        Map<Long, JsonNode> replayed = backends(api);
        List<Long> ids = new ArrayList<>(replayed.keySet());

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Callable<Integer>> changes = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                long id = ids.get(i % BACKENDS);
                String body = switch (i % 3) {
                    case 0 -> "{\"weight\": " + (100 + i) + "}";
                    case 1 -> "{\"name\": \"renamed-" + i + "\"}";
                    default -> "{\"healthPath\": \"/health-" + i + "\"}";
                };
                AdminClient client = new AdminClient(server.adminPort(), null);
                changes.add(() -> {
                    go.await();
                    return client.patch("/api/backends/" + id, body).status();
                });
            }
            List<Future<Integer>> started = new ArrayList<>();
            for (Callable<Integer> change : changes) {
                started.add(clients.submit(change));
            }
            go.countDown();
            for (Future<Integer> answer : started) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }

        JsonNode page = api.get("/api/revisions?limit=100").json().get("items");
        List<Long> numbers = new ArrayList<>();
        page.forEach(revision -> numbers.add(revision.get("revision").asLong()));
        assertThat(numbers).containsExactlyElementsOf(LongStream.rangeClosed(1, BACKENDS + CLIENTS).boxed()
                .sorted((a, b) -> Long.compare(b, a)).toList());

        for (int i = page.size() - 1 - BACKENDS; i >= 0; i--) {
            for (JsonNode change : page.get(i).get("changes")) {
                assertThat(change.get("before")).as("revision %s starts where the one before ended",
                        page.get(i).get("revision")).isEqualTo(replayed.get(change.get("id").asLong()));
                replayed.put(change.get("id").asLong(), change.get("after"));
            }
        }
        assertThat(backends(api)).isEqualTo(replayed);
        assertThat(server.pool().backends()).extracting(b -> b.name()).containsExactlyInAnyOrderElementsOf(
                replayed.values().stream().map(b -> b.get("name").asText()).toList());
    }
}
