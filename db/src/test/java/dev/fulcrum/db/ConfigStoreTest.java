package dev.fulcrum.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revisions stored with their changes against a real H2 with the real migrations, one fresh database per test. */
class ConfigStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Author ALICE = new Author("alice", "127.0.0.1", "req-1");

    private final MutableClock clock = new MutableClock(T0);
    private Database database;
    private ConfigStore config;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", clock);
        config = database.config();
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Adds a backend and records it, as the admin API's write path does. */
    private ConfigStore.Written<BackendRecord> add(Author author, String name, int port) {
        return config.write(author, null, change -> {
            BackendRecord added = change.createBackend(new NewBackend(name, "http://127.0.0.1:" + port, 1, true));
            change.touched(new Touched("backend", added.id(), null, "{\"name\":\"" + name + "\"}"));
            change.describe("backend.create", "added backend " + name, null);
            return added;
        });
    }

    @Test
    void aChangeAndItsRevisionAreStoredTogetherNumberedFromOne() {
        assertThat(config.latestRevision()).isZero();

        ConfigStore.Written<BackendRecord> first = add(ALICE, "one", 5001);
        clock.advance(Duration.ofSeconds(5));
        ConfigStore.Written<BackendRecord> second = add(new Author(Author.LOCAL, null, null), "two", 5002);

        assertThat(first.revision().number()).isEqualTo(1);
        assertThat(second.revision().number()).isEqualTo(2);
        assertThat(config.latestRevision()).isEqualTo(2);
        Revision stored = config.find(1).orElseThrow();
        assertThat(stored).isEqualTo(new Revision(1, T0, "alice", "127.0.0.1", "req-1", "backend.create",
                "added backend one", null, List.of(new Touched("backend", first.value().id(), null,
                "{\"name\":\"one\"}"))));
        assertThat(config.find(2).orElseThrow().madeAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(config.find(3)).isEmpty();
    }

    @Test
    void anItemsVersionIsTheLatestRevisionThatTouchedItAndTheFirstUnappliedOneIsDated() {
        long one = add(ALICE, "one", 5001).value().id();
        clock.advance(Duration.ofSeconds(5));
        add(ALICE, "two", 5002);

        assertThat(config.lastTouching("backend", one)).isEqualTo(1);
        assertThat(config.lastTouching("backend", 99)).isZero();
        assertThat(config.firstMadeAfter(0)).contains(T0);
        assertThat(config.firstMadeAfter(1)).contains(T0.plusSeconds(5));
        assertThat(config.firstMadeAfter(2)).isEmpty();
    }

    @Test
    void aChangeThatFailsStoresNeitherItsWritesNorARevision() {
        add(ALICE, "one", 5001);

        assertThatThrownBy(() -> config.write(ALICE, null, change -> {
            BackendRecord added = change.createBackend(new NewBackend("two", "http://127.0.0.1:5002", 1, true));
            change.touched(new Touched("backend", added.id(), null, "{}"));
            change.describe("backend.create", "added backend two", null);
            return change.createBackend(new NewBackend("three", "http://127.0.0.1:5001", 1, true));
        })).isInstanceOf(DuplicateBackendException.class);

        assertThat(database.backends().list()).extracting(BackendRecord::name).containsExactly("one");
        assertThat(config.latestRevision()).isEqualTo(1);
        assertThat(config.page(null, 0, null, 10)).hasSize(1);
    }

    @Test
    void aChangeThatTouchesNothingIsNoRevision() {
        ConfigStore.Written<Long> nothing = config.write(ALICE, null, change -> {
            change.describe("backend.update", "nothing", null);
            change.touched(new Touched("backend", 1, "{\"a\":1}", "{\"a\":1}"));
            return change.revision();
        });

        assertThat(nothing.revision()).isNull();
        assertThat(nothing.value()).isZero();
        assertThat(config.latestRevision()).isZero();
    }

    @Test
    void aChangeOnConditionOfAnOlderRevisionIsRefusedAndWritesNothing() {
        add(ALICE, "one", 5001);
        add(ALICE, "two", 5002);

        assertThatThrownBy(() -> config.write(ALICE, 1L, change -> change.createBackend(
                new NewBackend("three", "http://127.0.0.1:5003", 1, true))))
                .isInstanceOfSatisfying(StaleRevisionException.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.current()).isEqualTo(2);
                });
        assertThat(database.backends().list()).hasSize(2);
        assertThat(config.write(ALICE, 2L, change -> change.revision()).value()).isEqualTo(2);
    }

    @Test
    void concurrentChangesGetDistinctConsecutiveNumbers(@TempDir Path dir) throws Exception {
        // Each change waits for the one before to commit: long enough for twenty, however busy the machine.
        try (Database file = Database.open("jdbc:h2:file:" + dir.resolve("fulcrum") + ";LOCK_TIMEOUT=60000", "sa",
                "", clock)) {
            ExecutorService threads = Executors.newFixedThreadPool(20);
            try {
                List<Callable<Long>> changes = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    int port = 6000 + i;
                    changes.add(() -> file.config().write(ALICE, null, change -> {
                        BackendRecord added = change.createBackend(new NewBackend("b" + port,
                                "http://127.0.0.1:" + port, 1, true));
                        change.touched(new Touched("backend", added.id(), null, "{}"));
                        change.describe("backend.create", "added", null);
                        return added.id();
                    }).revision().number());
                }
                List<Long> numbers = new ArrayList<>();
                for (Future<Long> number : threads.invokeAll(changes)) {
                    numbers.add(number.get());
                }
                assertThat(numbers).containsExactlyInAnyOrderElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
                assertThat(file.config().latestRevision()).isEqualTo(20);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void pagesAreNewestFirstAndFilterByWhatTheyTouched() {
        long one = add(ALICE, "one", 5001).value().id();
        long two = add(ALICE, "two", 5002).value().id();
        config.write(ALICE, null, change -> {
            change.touched(new Touched("backend", one, "{\"w\":1}", "{\"w\":2}"));
            change.touched(new Touched("settings", 1, "{\"a\":\"rr\"}", "{\"a\":\"hash\"}"));
            change.describe("config.apply", "applied", null);
            return null;
        });

        assertThat(config.page(null, 0, null, 10)).extracting(Revision::number).containsExactly(3L, 2L, 1L);
        assertThat(config.page(null, 0, 3L, 1)).extracting(Revision::number).containsExactly(2L);
        assertThat(config.page("backend", one, null, 10)).extracting(Revision::number).containsExactly(3L, 1L);
        assertThat(config.page("backend", two, null, 10)).extracting(Revision::number).containsExactly(2L);
        assertThat(config.page("backend", 99, null, 10)).isEmpty();
        assertThat(config.find(3).orElseThrow().touched()).extracting(Touched::kind)
                .containsExactly("backend", "settings");
        assertThat(config.touchedAfter(1)).extracting(ConfigStore.RevisionItem::revision)
                .containsExactly(2L, 3L, 3L);
    }

    @Test
    void aRemovedBackendComesBackUnderItsIdAndNewOnesStillGetFreshIds() {
        BackendRecord one = add(ALICE, "one", 5001).value();
        config.write(ALICE, null, change -> change.deleteBackend(one.id()));

        BackendRecord back = config.write(ALICE, null, change -> change.restoreBackend(one.id(),
                new NewBackend("one", "http://127.0.0.1:5001", 1, true))).value();
        BackendRecord next = add(ALICE, "two", 5002).value();

        assertThat(back.id()).isEqualTo(one.id());
        assertThat(next.id()).isGreaterThan(one.id());
    }

    @Test
    void pruningRemovesOldRevisionsButKeepsTheLatestOnes() {
        for (int port = 5001; port <= 5010; port++) {
            add(ALICE, "b" + port, port);
            clock.advance(Duration.ofDays(1));
        }
        // Revision n was made on day n-1; day 10 is now.
        Instant sevenDaysAgo = clock.instant().minus(Duration.ofDays(7));

        assertThat(config.prune(sevenDaysAgo, 8, 100)).as("the latest 8 are kept").isEqualTo(2);
        assertThat(config.oldestRevision()).contains(3L);
        assertThat(config.prune(sevenDaysAgo, 2, 1)).as("one at a time").isEqualTo(1);
        assertThat(config.prune(sevenDaysAgo, 2, 100)).as("only those older than 7 days").isEqualTo(0);
        assertThat(config.oldestRevision()).contains(4L);
        assertThat(config.find(3)).isEmpty();
        assertThat(config.latestRevision()).isEqualTo(10);
        assertThat(add(ALICE, "next", 6000).revision().number()).isEqualTo(11);
    }

    @Test
    void aReadSeesOneRevisionsConfiguration() {
        add(ALICE, "one", 5001);

        ConfigStore.Versioned<List<BackendRecord>> read = config.read(ConfigRead::backends);

        assertThat(read.revision()).isEqualTo(1);
        assertThat(read.value()).extracting(BackendRecord::name).containsExactly("one");
    }
}
