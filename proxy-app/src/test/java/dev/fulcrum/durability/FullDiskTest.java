package dev.fulcrum.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.admin.AdminSettings;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.admin.BackendReload;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.pool.Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The database's file system fills up while the balancer runs. Writes are answered 503 and never reach routing;
 * nothing answered is undone later; routing, the API and the database agree throughout; once space is freed, writes
 * succeed again without a restart, and a restart finds every answered change.
 */
class FullDiskTest {

    /** What a backend is, as the test keeps count of it: what the API answered, routing has and the database holds. */
    record Stored(String url, int weight, boolean enabled) {
    }

    @TempDir
    Path dir;

    private SmallDisk disk;
    private DemoBackend backend;
    private FulcrumServer server;
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private final Logger reloadLog = (Logger) LoggerFactory.getLogger(BackendReload.class);
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void cleanUp() throws Exception {
        reloadLog.detachAppender(warnings);
        try {
            if (server != null) {
                server.close();
            }
            if (backend != null) {
                backend.close();
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    private FulcrumServer start(String jdbcUrl) throws Exception {
        FulcrumServer started = new FulcrumServer(TestServers.fastChecks(), jdbcUrl,
                new AdminSettings("127.0.0.1", 0, null), RetentionSettings.DEFAULTS, List.of());
        started.start();
        return started;
    }

    private List<String> lines(ch.qos.logback.classic.Level level) {
        synchronized (warnings) {
            return warnings.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    private Map<Long, Stored> routed() {
        Map<Long, Stored> routed = new TreeMap<>();
        for (Backend b : server.pool().backends()) {
            routed.put(b.id(), new Stored(b.url().toString(), b.weight(), b.enabled()));
        }
        return routed;
    }

    /** What the API lists, or null while it answers 503. */
    private static Map<Long, Stored> listed(AdminClient api) {
        AdminClient.Reply reply = api.get("/api/backends");
        if (reply.status() == 503) {
            return null;
        }
        assertThat(reply.status()).isEqualTo(200);
        Map<Long, Stored> listed = new TreeMap<>();
        for (JsonNode b : reply.json()) {
            listed.put(b.get("id").asLong(), new Stored(b.get("url").asText(), b.get("weight").asInt(),
                    b.get("enabled").asBoolean()));
        }
        return listed;
    }

    private static int create(AdminClient api, Map<Long, Stored> model, String url) {
        AdminClient.Reply reply = api.post("/api/backends", "{\"url\": \"" + url + "\"}");
        if (reply.status() == 201) {
            model.put(reply.json().get("id").asLong(), new Stored(url, 1, true));
        }
        return reply.status();
    }

    @Test
    void writesOnAFullDiskAre503AndNeverReachRoutingAndNothingAnsweredIsUndone() throws Exception {
        disk = SmallDisk.mount(dir.resolve("disk"), "4m");
        String jdbcUrl = "jdbc:h2:file:" + disk.path().resolve("fulcrum");
        backend = new DemoBackend("127.0.0.1", 0, "one");
        backend.start();
        server = start(jdbcUrl);
        AdminClient api = new AdminClient(server.adminPort(), null);
        Map<Long, Stored> model = new TreeMap<>();
        String live = "http://127.0.0.1:" + backend.port();
        assertThat(create(api, model, live)).isEqualTo(201);
        long liveId = model.keySet().iterator().next();
        for (int port = 1; port <= 3; port++) {
            assertThat(create(api, model, "http://127.0.0.1:" + port)).isEqualTo(201);
        }
        long patched = model.keySet().stream().filter(id -> !model.get(id).url().equals(live)).findFirst()
                .orElseThrow();
        long deleted = model.keySet().stream().filter(id -> id != patched && !model.get(id).url().equals(live))
                .findFirst().orElseThrow();
        reloadLog.addAppender(warnings);
        warnings.start();

        disk.fill();
        assertThat(disk.usableBytes()).isZero();

        // Write until each kind of change has been refused at least once; any that still fit were answered and
        // are kept in the model, because an answered change is on the disk.
        int refusedCreates = 0;
        int refusedPatches = 0;
        int refusedDeletes = 0;
        int answered = 0;
        for (int i = 0; i < 40 && (refusedCreates == 0 || refusedPatches == 0 || refusedDeletes == 0); i++) {
            int status = create(api, model, "http://127.0.0.1:" + (100 + i));
            refusedCreates += status == 503 ? 1 : 0;
            AdminClient.Reply patch = api.patch("/api/backends/" + patched, "{\"weight\": " + (10 + i)
                    + ", \"enabled\": false}");
            if (patch.status() == 200) {
                model.put(patched, new Stored(model.get(patched).url(), 10 + i, false));
                answered++;
            } else {
                refusedPatches++;
            }
            AdminClient.Reply delete = model.containsKey(deleted) ? api.delete("/api/backends/" + deleted) : null;
            if (delete != null && delete.status() == 204) {
                model.remove(deleted);
                answered++;
            } else if (delete != null) {
                refusedDeletes++;
            }
            answered += status == 201 ? 1 : 0;
            for (AdminClient.Reply reply : new AdminClient.Reply[] {patch, delete}) {
                if (reply != null && reply.status() >= 300) {
                    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(503);
                    assertThat(reply.error()).isEqualTo("database unavailable; the change was not applied");
                }
            }
            assertThat(routed()).as("routing after write %d", i).isEqualTo(model);
        }
        assertThat(refusedCreates).as("creates refused").isPositive();
        assertThat(refusedPatches).as("patches refused").isPositive();
        assertThat(refusedDeletes).as("deletes refused").isPositive();
        System.out.printf("full disk: %d writes answered 2xx, %d creates, %d patches and %d deletes answered 503%n",
                answered, refusedCreates, refusedPatches, refusedDeletes);
        assertThat(lines(ch.qos.logback.classic.Level.WARN)).as("one warning, not one per refused write")
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("admin change refused (503), not applied: database unavailable");

        // Traffic goes on with what is stored; nothing answered is rolled back by a late write failing.
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.proxyPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(routed()).isEqualTo(model);
            assertThat(server.pool().find(liveId)).isPresent();
            Map<Long, Stored> listed = listed(api);
            if (listed != null) {
                assertThat(listed).isEqualTo(model);
            }
        });

        // Space comes back: writes succeed again, with no restart, and the three views agree.
        disk.free();
        await().atMost(Duration.ofSeconds(20)).until(() -> create(api, model, "http://127.0.0.1:99") == 201);
        await().untilAsserted(() -> {
            assertThat(routed()).isEqualTo(model);
            assertThat(listed(api)).isEqualTo(model);
            assertThat(lines(ch.qos.logback.classic.Level.INFO)).anySatisfy(line -> assertThat(line)
                    .startsWith("admin changes are stored again"));
        });

        // And a restart on the same file finds every answered change, and hands out no id twice.
        server.close();
        server = start(jdbcUrl);
        AdminClient restarted = new AdminClient(server.adminPort(), null);
        assertThat(listed(restarted)).isEqualTo(model);
        assertThat(routed()).isEqualTo(model);
        long maxId = model.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        AdminClient.Reply next = restarted.post("/api/backends", "{\"url\": \"http://127.0.0.1:98\"}");
        assertThat(next.status()).isEqualTo(201);
        assertThat(next.json().get("id").asLong()).isGreaterThan(maxId).isNotEqualTo(deleted);
    }
}
