package dev.fulcrum.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.db.RevisionNotices;
import dev.fulcrum.db.testing.PostgresServer;
import dev.fulcrum.db.testing.TestPostgres;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.Resources;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances on one real PostgreSQL follow each other's changes: a change made on one is routed by the other
 * within two seconds (LISTEN/NOTIFY; when the listening connection is lost, the check after it is open again or the
 * periodic one, which {@link PeriodicCheckTest} tests alone); of two changes of one backend racing on both, one wins
 * and the other is refused; an instance that is not following is flagged.
 */
@ExtendWith(TestPostgres.class)
class ChangePropagationTest {

    private static final Duration WITHIN = Duration.ofSeconds(2);

    @RegisterExtension
    final Resources running = new Resources();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private DatabaseSettings shared;
    private FulcrumServer a;
    private FulcrumServer b;
    private AdminClient apiA;
    private AdminClient apiB;

    @BeforeEach
    void twoInstances(PostgresServer postgres) throws Exception {
        shared = postgres.newDatabase();
        a = running.add(TestServers.start(TestServers.fastChecks(), shared, "a:1", null, List.of()));
        b = running.add(TestServers.start(TestServers.fastChecks(), shared, "b:1", null, List.of()));
        apiA = new AdminClient(a.adminPort(), null);
        apiB = new AdminClient(b.adminPort(), null);
    }

    private int backend(String name) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        running.add(() -> server.stop(0));
        return server.getAddress().getPort();
    }

    private long add(AdminClient api, String name) throws Exception {
        AdminClient.Reply created = api.post("/api/backends", "{\"name\": \"" + name + "\", \"url\": \""
                + TestServers.local(backend(name)) + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private String proxied(FulcrumServer server) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.proxyPort() + "/"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aBackendAddedOnOneIsRoutedByTheOtherAndRemovedOnTheOtherIsGoneFromTheFirst() throws Exception {
        long id = add(apiA, "one");

        await().atMost(WITHIN).untilAsserted(() -> assertThat(proxied(b)).isEqualTo("one"));

        assertThat(apiB.delete("/api/backends/" + id).status()).isEqualTo(204);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(a.pool().backends()).isEmpty());
        for (AdminClient api : List.of(apiA, apiB)) {
            await().untilAsserted(() -> assertThat(api.get("/api/instances").json())
                    .extracting(i -> i.get("id").asText() + " " + i.get("revisionApplied").asLong() + " "
                            + i.get("behind").asBoolean())
                    .containsExactly("a:1 2 false", "b:1 2 false"));
        }
    }

    @Test
    void aNotificationLostWithItsConnectionIsMadeGood() throws Exception {
        try (LogCapture listener = new LogCapture(RevisionNotices.class)) {
            try (Connection admin = connect()) {
                ResultSet ended = admin.createStatement().executeQuery("SELECT pg_terminate_backend(pid) FROM"
                        + " pg_stat_activity WHERE application_name = 'fulcrum-listen a:1'");
                assertThat(ended.next()).as("a's listening session").isTrue();
            }
            await().untilAsserted(() -> assertThat(listener.messages())
                    .anyMatch(m -> m.startsWith("WARN not listening for configuration changes")));

            add(apiB, "two");

            await().atMost(WITHIN).untilAsserted(() -> assertThat(a.pool().backends()).extracting(Backend::name)
                    .containsExactly("two"));
        }
    }

    @Test
    void ofTwoRacingChangesOfOneBackendOneWinsAndTheOtherIsRefused() throws Exception {
        long id = add(apiA, "three");
        await().atMost(WITHIN).until(() -> b.pool().find(id).isPresent());
        String path = "/api/backends/" + id;

        // Both changes wait for the lock every change takes, each made on its instance's view of revision 1.
        List<AdminClient.Reply> replies;
        try (Connection holder = connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().executeQuery("SELECT revision FROM config_head WHERE id = 1 FOR UPDATE");
            CompletableFuture<AdminClient.Reply> onA = CompletableFuture.supplyAsync(
                    () -> apiA.patch(path, "{\"weight\": 2}"));
            CompletableFuture<AdminClient.Reply> onB = CompletableFuture.supplyAsync(
                    () -> apiB.patch(path, "{\"weight\": 3}"));
            await().until(() -> waitingForTheHead(holder) == 2);
            holder.rollback();
            replies = List.of(onA.get(), onB.get());
        }

        assertThat(replies).extracting(AdminClient.Reply::status).containsExactlyInAnyOrder(200, 409);
        AdminClient.Reply won = replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
        AdminClient.Reply lost = replies.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertThat(lost.error()).contains("changed by another instance").contains("reload and retry");
        int weight = won.json().get("weight").asInt();
        for (FulcrumServer server : List.of(a, b)) {
            await().atMost(WITHIN).untilAsserted(() -> assertThat(server.pool().find(id).orElseThrow().weight())
                    .isEqualTo(weight));
        }
        assertThat(apiB.get(path).json().get("weight").asInt()).isEqualTo(weight);
    }

    @Test
    void aChangeOnConditionOfTheVersionReadIsRefusedWhenTheOtherInstanceChangedItFirst() throws Exception {
        long id = add(apiA, "four");
        String path = "/api/backends/" + id;
        await().atMost(WITHIN).until(() -> b.pool().find(id).isPresent());
        String read = apiB.get(path).raw().headers().firstValue("ETag").orElseThrow();
        assertThat(apiA.get(path).raw().headers().firstValue("ETag")).contains(read);

        AdminClient.Reply first = apiA.send(ifMatch(apiA, path, read, "{\"weight\": 5}"));
        AdminClient.Reply second = apiB.send(ifMatch(apiB, path, read, "{\"weight\": 6}"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.raw().headers().firstValue("ETag")).isPresent().get().isNotEqualTo(read);
        assertThat(second.status()).isEqualTo(412);
        assertThat(second.field()).isEqualTo("If-Match");
        await().atMost(WITHIN).untilAsserted(() -> assertThat(b.pool().find(id).orElseThrow().weight()).isEqualTo(5));
        String now = apiB.get(path).raw().headers().firstValue("ETag").orElseThrow();
        assertThat(apiB.send(ifMatch(apiB, path, now, "{\"weight\": 6}")).status()).isEqualTo(200);
    }

    @Test
    void anInstanceThatHasNotAppliedARevisionForTenSecondsIsFlagged() throws Exception {
        add(apiA, "five");
        try (Connection admin = connect()) {
            admin.createStatement().execute("UPDATE config_revision SET made_at = made_at - INTERVAL '1 minute'");
            admin.createStatement().execute("INSERT INTO instance (id, version, started_at, heartbeat_at,"
                    + " revision_applied) VALUES ('stale:1', 'test', now(), now(), 0)");
        }

        await().untilAsserted(() -> assertThat(apiB.get("/api/instances").json())
                .extracting(i -> i.get("id").asText() + " " + i.get("revisionApplied").asLong() + " "
                        + i.get("behind").asBoolean())
                .containsExactly("a:1 1 false", "b:1 1 false", "stale:1 0 true"));
    }

    private static HttpRequest ifMatch(AdminClient api, String path, String tag, String body) {
        return HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(10))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("If-Match", tag).build();
    }

    /** How many sessions other than {@code holder}'s wait for a lock on this database. */
    private static int waitingForTheHead(Connection holder) throws Exception {
        try (ResultSet waiting = holder.createStatement().executeQuery("SELECT COUNT(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            waiting.next();
            return waiting.getInt(1);
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(shared.jdbcUrl(), shared.user(), shared.password());
    }
}
