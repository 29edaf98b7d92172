package dev.fulcrum.bench;

import dev.fulcrum.admin.AdminSettings;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.db.BackendChanges;
import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.db.Change;
import dev.fulcrum.db.Database;
import dev.fulcrum.db.NewBackend;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.history.RetentionSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * What it costs that an answered admin change is on the disk: the same creates, updates and deletes with H2's plain
 * commit (written up to 500 ms later, no fsync), with the commit followed by {@code CHECKPOINT SYNC} (written and
 * forced now), through Fulcrum's repository, and through the admin API over HTTP on a file and an in-memory database.
 *
 * <p>Run with {@code bench/durable-commit.sh [CHANGES] [DIRECTORY]}; put DIRECTORY on the disk the database will
 * live on, since the cost is the disk's fsync. A measurement, not a test.
 */
public final class DurableCommitBenchmark {

    private DurableCommitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path dir = Files.createTempDirectory(args.length > 1 ? Path.of(args[1]) : Path.of(
                System.getProperty("java.io.tmpdir")), "fulcrum-durable");
        System.out.printf("%d changes each (a third creates, updates, deletes) in %s%n%n", changes, dir);
        System.out.println("| path | mean ms | p50 ms | p99 ms |");
        System.out.println("|---|---|---|---|");
        print("H2 commit only (on the disk up to 500 ms later)", rawJdbc(dir.resolve("raw"), changes, false));
        print("H2 commit + CHECKPOINT SYNC", rawJdbc(dir.resolve("sync"), changes, true));
        print("Fulcrum repository (commit + CHECKPOINT SYNC)", repository(dir.resolve("repo"), changes));
        print("admin API over HTTP, file database", api("jdbc:h2:file:" + dir.resolve("api/fulcrum"), changes));
        print("admin API over HTTP, in-memory database", api("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", changes));
    }

    private static long[] rawJdbc(Path dir, int changes, boolean sync) throws Exception {
        long[] nanos = new long[changes];
        String url = "jdbc:h2:file:" + dir.resolve("fulcrum");
        try (Database database = Database.open(url);
             Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.setAutoCommit(false);
            PreparedStatement insert = c.prepareStatement("INSERT INTO backend (name, url, weight, enabled, "
                    + "created_at, updated_at) VALUES (?, ?, 1, TRUE, ?, ?)", Statement.RETURN_GENERATED_KEYS);
            PreparedStatement update = c.prepareStatement("UPDATE backend SET weight = ? WHERE id = ?");
            PreparedStatement delete = c.prepareStatement("DELETE FROM backend WHERE id = ?");
            Statement checkpoint = c.createStatement();
            long lastId = 0;
            for (int i = 0; i < changes; i++) {
                long start = System.nanoTime();
                switch (i % 3) {
                    case 0 -> {
                        Timestamp now = Timestamp.from(Instant.now());
                        insert.setString(1, "b" + i);
                        insert.setString(2, "http://127.0.0.1:" + (10_000 + i));
                        insert.setTimestamp(3, now);
                        insert.setTimestamp(4, now);
                        insert.executeUpdate();
                        try (var keys = insert.getGeneratedKeys()) {
                            keys.next();
                            lastId = keys.getLong(1);
                        }
                    }
                    case 1 -> {
                        update.setInt(1, 2);
                        update.setLong(2, lastId);
                        update.executeUpdate();
                    }
                    default -> {
                        delete.setLong(1, lastId);
                        delete.executeUpdate();
                    }
                }
                c.commit();
                if (sync) {
                    checkpoint.execute("CHECKPOINT SYNC");
                }
                nanos[i] = System.nanoTime() - start;
            }
        }
        return nanos;
    }

    private static long[] repository(Path dir, int changes) {
        long[] nanos = new long[changes];
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("fulcrum"))) {
            BackendRecord last = null;
            for (int i = 0; i < changes; i++) {
                long start = System.nanoTime();
                switch (i % 3) {
                    case 0 -> last = database.backends().create(new NewBackend("b" + i,
                            "http://127.0.0.1:" + (10_000 + i), 1, true));
                    case 1 -> database.backends().update(last.id(), new BackendChanges(Change.keep(),
                            Change.keep(), Change.set(2), Change.keep(), Change.keep(), Change.keep(), Change.keep(),
                            Change.keep()));
                    default -> database.backends().delete(last.id());
                }
                nanos[i] = System.nanoTime() - start;
            }
        }
        return nanos;
    }

    private static long[] api(String jdbcUrl, int changes) throws Exception {
        long[] nanos = new long[changes];
        // Checks once an hour, so probing the added backends costs the measurement nothing after their first check.
        FulcrumServer server = new FulcrumServer(TestServers.settings(new HealthCheckSettings("/health",
                Duration.ofHours(1), Duration.ofSeconds(1), 2, 3), Duration.ofSeconds(5)), jdbcUrl,
                new AdminSettings("127.0.0.1", 0, null), RetentionSettings.DEFAULTS, List.of());
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.adminPort() + "/api/backends";
            String lastId = null;
            for (int i = 0; i < changes; i++) {
                HttpRequest.Builder request = switch (i % 3) {
                    case 0 -> HttpRequest.newBuilder(URI.create(base)).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"url\": \"http://127.0.0.1:" + (10_000 + i) + "\"}"));
                    case 1 -> HttpRequest.newBuilder(URI.create(base + "/" + lastId))
                            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"weight\": 2}"));
                    default -> HttpRequest.newBuilder(URI.create(base + "/" + lastId)).DELETE();
                };
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(request.header("Content-Type", "application/json").build(),
                        HttpResponse.BodyHandlers.ofString());
                nanos[i] = System.nanoTime() - start;
                if (response.statusCode() >= 300) {
                    throw new IllegalStateException(response.statusCode() + " " + response.body());
                }
                if (i % 3 == 0) {
                    lastId = response.body().replaceFirst("^\\{\"id\":(\\d+),.*$", "$1");
                }
            }
        } finally {
            server.close();
        }
        return nanos;
    }

    private static void print(String path, long[] nanos) {
        // The first tenth warms the JIT and the file up; it is not counted.
        long[] counted = Arrays.copyOfRange(nanos, nanos.length / 10, nanos.length);
        Arrays.sort(counted);
        double mean = Arrays.stream(counted).average().orElse(0) / 1e6;
        System.out.printf("| %s | %.2f | %.2f | %.2f |%n", path, mean, counted[counted.length / 2] / 1e6,
                counted[(int) (counted.length * 0.99)] / 1e6);
    }
}
