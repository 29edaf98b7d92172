package dev.fulcrum.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.testing.ChildFulcrum;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin changes against {@code fulcrum serve} in a child process that is killed as {@code kill -9} does at a random
 * moment, then started again on the same database file: every change that was answered is there, and no id is
 * handed out twice. {@code -Dfulcrum.killRounds=N} runs more rounds (the default, 5, keeps it within a minute).
 */
class KillNineTest {

    /** A backend as the answers describe it. */
    record Stored(String url, int weight, boolean enabled) {
    }

    /** The one change that was in flight when the process died: it may or may not have been stored. */
    record InDoubt(String kind, long id, String url, Stored after) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
    private final Map<Long, Stored> model = new TreeMap<>();
    private final Set<Long> idsHandedOut = new HashSet<>();
    private final Map<Long, String> lastAnswered = new TreeMap<>();
    private final List<String> lost = new ArrayList<>();
    private int lostCreates;
    private int lostChanges;
    private int answeredCreates;
    private int answeredChanges;
    private int reusedIds;
    private int nextPort = 20_000;
    private ChildFulcrum child;

    @AfterEach
    void stop() throws Exception {
        killer.shutdownNow();
        if (child != null) {
            child.close();
        }
    }

    @Test
    void everyAnsweredChangeSurvivesKillNineAndNoIdIsReused() throws Exception {
        int rounds = Integer.getInteger("fulcrum.killRounds", 5);
        long seed = Long.getLong("fulcrum.killSeed", System.nanoTime());
        Random random = new Random(seed);
        String jdbcUrl = "jdbc:h2:file:" + dir.resolve("db/fulcrum");
        Path log = dir.resolve("fulcrum.log");
        InDoubt inDoubt = null;

        for (int round = 0; round <= rounds; round++) {
            child = ChildFulcrum.start(jdbcUrl, log);
            check(stored(), inDoubt, round);
            if (round == rounds) {
                break;
            }
            ChildFulcrum running = child;
            killer.schedule(() -> {
                running.kill();
                return null;
            }, 200 + random.nextInt(1300), TimeUnit.MILLISECONDS);
            inDoubt = changeUntilKilled(random);
            child.kill();
        }

        System.out.printf("kill -9: %d rounds (seed %d): %d of %d answered creates lost, %d of %d answered "
                        + "PATCH/DELETEs lost, %d ids reused%n", rounds, seed, lostCreates, answeredCreates, lostChanges,
                answeredChanges, reusedIds);
        assertThat(lost).as("answered changes missing after a restart (seed %d)", seed).isEmpty();
        assertThat(reusedIds).as("ids handed out twice (seed %d)", seed).isZero();
        assertThat(answeredCreates).isPositive();
    }

    /** Creates, changes and removes backends one after the other until the process is gone. */
    private InDoubt changeUntilKilled(Random random) {
        while (true) {
            List<Long> ids = new ArrayList<>(model.keySet());
            int dice = random.nextInt(100);
            InDoubt attempt;
            if (ids.isEmpty() || dice < (ids.size() > 30 ? 20 : 55)) {
                attempt = new InDoubt("create", -1, "http://127.0.0.1:" + nextPort++, null);
            } else {
                long id = ids.get(random.nextInt(ids.size()));
                Stored before = model.get(id);
                attempt = dice < 85
                        ? new InDoubt("patch", id, before.url(), new Stored(before.url(), random.nextInt(1001),
                                random.nextBoolean()))
                        : new InDoubt("delete", id, before.url(), null);
            }
            try {
                apply(attempt);
            } catch (IOException e) {
                return attempt;
            }
        }
    }

    private void apply(InDoubt change) throws IOException {
        String base = "http://127.0.0.1:" + child.adminPort() + "/api/backends";
        HttpResponse<String> answer = switch (change.kind()) {
            case "create" -> send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + change.url() + "\"}")));
            case "patch" -> send(HttpRequest.newBuilder(URI.create(base + "/" + change.id()))
                    .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"weight\": " + change.after().weight() + ", \"enabled\": " + change.after().enabled()
                                    + "}")));
            default -> send(HttpRequest.newBuilder(URI.create(base + "/" + change.id())).DELETE());
        };
        assertThat(answer.statusCode()).as("%s: %s", change, answer.body()).isBetween(200, 299);
        switch (change.kind()) {
            case "create" -> {
                long id = JSON.readTree(answer.body()).get("id").asLong();
                if (!idsHandedOut.add(id)) {
                    reusedIds++;
                }
                model.put(id, new Stored(change.url(), 1, true));
                lastAnswered.put(id, "create");
                answeredCreates++;
            }
            case "patch" -> {
                model.put(change.id(), change.after());
                lastAnswered.put(change.id(), "patch");
                answeredChanges++;
            }
            default -> {
                model.remove(change.id());
                lastAnswered.put(change.id(), "delete");
                answeredChanges++;
            }
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private Map<Long, Stored> stored() throws IOException {
        HttpResponse<String> list = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.adminPort()
                + "/api/backends")));
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        Map<Long, Stored> stored = new TreeMap<>();
        for (JsonNode b : JSON.readTree(list.body())) {
            stored.put(b.get("id").asLong(), new Stored(b.get("url").asText(), b.get("weight").asInt(),
                    b.get("enabled").asBoolean()));
        }
        return stored;
    }

    /** Compares what the restarted process stores with what was answered, then goes on from what it stores. */
    private void check(Map<Long, Stored> stored, InDoubt inDoubt, int round) {
        for (Map.Entry<Long, Stored> expected : model.entrySet()) {
            long id = expected.getKey();
            Stored found = stored.get(id);
            boolean doubtful = inDoubt != null && inDoubt.id() == id;
            boolean ok = expected.getValue().equals(found)
                    || (doubtful && inDoubt.kind().equals("patch") && inDoubt.after().equals(found))
                    || (doubtful && inDoubt.kind().equals("delete") && found == null);
            if (!ok) {
                lost.add("round " + round + ": backend " + id + " answered as " + expected.getValue() + ", stored as "
                        + found);
                if ("create".equals(lastAnswered.get(id))) {
                    lostCreates++;
                } else {
                    lostChanges++;
                }
            }
        }
        for (Map.Entry<Long, Stored> found : stored.entrySet()) {
            long id = found.getKey();
            if (model.containsKey(id)) {
                continue;
            }
            boolean createInFlight = inDoubt != null && inDoubt.kind().equals("create")
                    && inDoubt.url().equals(found.getValue().url());
            if (createInFlight) {
                if (!idsHandedOut.add(id)) {
                    reusedIds++;
                }
            } else {
                lost.add("round " + round + ": backend " + id + " " + found.getValue()
                        + " is stored, but its removal was answered or it was never created");
                lostChanges++;
            }
        }
        model.clear();
        model.putAll(stored);
        lastAnswered.clear();
    }
}
