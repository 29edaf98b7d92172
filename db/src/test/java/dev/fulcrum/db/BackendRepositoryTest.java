package dev.fulcrum.db;

import static dev.fulcrum.db.Change.clear;
import static dev.fulcrum.db.Change.keep;
import static dev.fulcrum.db.Change.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend repository against a real H2 with the real migrations, one fresh database per test. */
class BackendRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private Database database;
    private BackendRepository backends;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", clock);
        backends = database.backends();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static NewBackend backend(String name, int port) {
        return new NewBackend(name, "http://127.0.0.1:" + port, 1, true);
    }

    @Test
    void createListFindUpdateDelete() {
        BackendRecord one = backends.create(backend("one", 5001));
        BackendRecord two = backends.create(new NewBackend("two", "http://127.0.0.1:5002", 7, false));

        assertThat(one.id()).isPositive();
        assertThat(two).extracting(BackendRecord::name, BackendRecord::url, BackendRecord::weight,
                BackendRecord::enabled).containsExactly("two", "http://127.0.0.1:5002", 7, false);
        assertThat(backends.list()).containsExactly(one, two);
        assertThat(backends.find(two.id())).contains(two);
        assertThat(backends.findByUrl("http://127.0.0.1:5001")).contains(one);

        clock.advance(Duration.ofMinutes(5));
        BackendRecord changed = backends.update(one.id(), new BackendChanges(keep(), keep(), set(3), set(false), set(true),
                keep(), keep(), keep())).orElseThrow();
        assertThat(changed).extracting(BackendRecord::name, BackendRecord::weight, BackendRecord::enabled,
                BackendRecord::draining).containsExactly("one", 3, false, true);
        assertThat(two.draining()).as("a new backend is not draining").isFalse();
        assertThat(changed.createdAt()).isEqualTo(T0);
        assertThat(changed.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));

        assertThat(backends.delete(one.id())).isTrue();
        assertThat(backends.delete(one.id())).isFalse();
        assertThat(backends.list()).extracting(BackendRecord::name).containsExactly("two");
    }

    @Test
    void duplicateNameOrUrlIsReportedByFieldAndStoresNothing() {
        backends.create(backend("one", 5001));

        assertThatThrownBy(() -> backends.create(backend("one", 5009)))
                .isInstanceOfSatisfying(DuplicateBackendException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> backends.create(backend("other", 5001)))
                .isInstanceOfSatisfying(DuplicateBackendException.class, e -> assertThat(e.field()).isEqualTo("url"));
        assertThatThrownBy(() -> backends.create(backend("one", 5001)))
                .as("both taken: the url is what identifies the server")
                .isInstanceOfSatisfying(DuplicateBackendException.class, e -> assertThat(e.field()).isEqualTo("url"));
        assertThat(backends.list()).hasSize(1);
    }

    @Test
    void updateToATakenNameLeavesTheRowAsItWas() {
        backends.create(backend("one", 5001));
        BackendRecord two = backends.create(backend("two", 5002));

        assertThatThrownBy(() -> backends.update(two.id(), new BackendChanges(set("one"),
                set("http://127.0.0.1:5999"), keep(), keep(), keep(), keep(), keep(), keep())))
                .isInstanceOfSatisfying(DuplicateBackendException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThat(backends.find(two.id())).contains(two);
    }

    @Test
    void healthOverridesAreStoredChangedAndCleared() {
        BackendRecord stored = backends.create(new NewBackend("one", "http://127.0.0.1:5001", 1, true, "/ready",
                "200-299", 1500));
        assertThat(stored).extracting(BackendRecord::healthPath, BackendRecord::expectStatus,
                BackendRecord::checkIntervalMs).containsExactly("/ready", "200-299", 1500);

        BackendRecord changed = backends.update(stored.id(), new BackendChanges(keep(), keep(), keep(),
                keep(), keep(), clear(), set("204"), keep())).orElseThrow();

        assertThat(changed).extracting(BackendRecord::healthPath, BackendRecord::expectStatus,
                BackendRecord::checkIntervalMs).containsExactly(null, "204", 1500);
    }

    @Test
    void updateOfAMissingIdIsEmpty() {
        assertThat(backends.update(42, new BackendChanges(keep(), keep(), keep(), keep(), keep(),
                keep(), keep(), keep()))).isEmpty();
    }

    @Test
    void seedingTheSameUrlTwiceAddsOneRowAndNameCollisionsGetASuffix() {
        backends.create(backend("127.0.0.1-5001", 6001));

        Optional<BackendRecord> first = backends.addIfUrlAbsent(backend("127.0.0.1-5001", 5001));
        Optional<BackendRecord> again = backends.addIfUrlAbsent(backend("127.0.0.1-5001", 5001));

        assertThat(first).map(BackendRecord::name).contains("127.0.0.1-5001-2");
        assertThat(again).isEmpty();
        assertThat(backends.list()).hasSize(2);
    }

    @Test
    void aClosedDatabaseFailsWithOneLineAndNoHalfWrite() {
        database.close();

        assertThatThrownBy(() -> backends.list()).isInstanceOf(DatabaseUnavailableException.class)
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
        assertThatThrownBy(() -> backends.create(backend("one", 5001)))
                .isInstanceOf(DatabaseUnavailableException.class);
    }

    @Test
    void aFileDatabaseKeepsRowsAndIdsAcrossReopen(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("nested/dir/fulcrum");
        long id;
        try (Database file = Database.open(url, "sa", "", clock)) {
            id = file.backends().create(backend("kept", 5001)).id();
            file.backends().create(backend("deleted", 5002));
            file.backends().delete(id + 1);
        }
        try (Database reopened = Database.open(url, "sa", "", clock)) {
            assertThat(reopened.backends().list()).extracting(BackendRecord::id, BackendRecord::name)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(id, "kept"));
            assertThat(reopened.backends().create(backend("next", 5003)).id()).isGreaterThan(id + 1);
        }
    }

    @Test
    void aChangeIsInTheFileWhenItsCallReturns(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("live/fulcrum");
        try (Database file = Database.open(url, "sa", "", clock)) {
            long id = file.backends().create(backend("durable", 5001)).id();
            file.backends().update(id, new BackendChanges(keep(), keep(), set(9), keep(), keep(), keep(),
                    keep(), keep()));

            // A copy taken at once holds only what has reached the file, not what H2 keeps in memory for later.
            java.nio.file.Files.createDirectories(dir.resolve("copy"));
            java.nio.file.Files.copy(dir.resolve("live/fulcrum.mv.db"), dir.resolve("copy/fulcrum.mv.db"));
            try (Database copy = Database.open("jdbc:h2:file:" + dir.resolve("copy/fulcrum"), "sa", "", clock)) {
                assertThat(copy.backends().find(id)).map(BackendRecord::weight).contains(9);
            }
        }
    }

    @Test
    void valuesTheColumnsRefuseAreConstraintViolationsNamingTheFieldNotAnOutage() {
        assertThatThrownBy(() -> backends.create(backend("n".repeat(65), 5001)))
                .isInstanceOfSatisfying(ConstraintViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> backends.create(new NewBackend("long-url", "http://" + "h".repeat(2048) + ":1", 1,
                true))).isInstanceOfSatisfying(ConstraintViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("url"));
        assertThatThrownBy(() -> backends.create(new NewBackend("heavy", "http://127.0.0.1:1", 5000, true)))
                .isInstanceOfSatisfying(ConstraintViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("weight"));
        assertThatThrownBy(() -> backends.create(new NewBackend("path", "http://127.0.0.1:1", 1, true,
                "/" + "p".repeat(300), null, null))).isInstanceOfSatisfying(ConstraintViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("healthPath"));
        assertThatThrownBy(() -> backends.create(new NewBackend("x".repeat(70), "http://url.example:1", 1, true)))
                .isInstanceOfSatisfying(ConstraintViolationException.class, e -> {
                    assertThat(e.field()).isEqualTo("name");
                    assertThat(e.getMessage()).doesNotContain("CHARACTER VARYING", "Exception", "xxxx");
                });
        assertThat(backends.list()).isEmpty();
    }

    @Test
    void seededNamesWithASuffixStayWithinTheColumn() {
        String longest = "n".repeat(BackendLimits.MAX_NAME_LENGTH);
        backends.addIfUrlAbsent(new NewBackend(longest, "http://127.0.0.1:1", 1, true));

        BackendRecord second = backends.addIfUrlAbsent(new NewBackend(longest, "http://127.0.0.1:2", 1, true))
                .orElseThrow();

        assertThat(second.name()).hasSize(BackendLimits.MAX_NAME_LENGTH).endsWith("n-2");
    }

    @Test
    void aDatabaseThatClosedItselfIsOpenedAgainByTheNextCalls(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("fulcrum");
        try (Database file = Database.open(url, "sa", "", clock)) {
            long id = file.backends().create(backend("kept", 5001)).id();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
                c.createStatement().execute("SHUTDOWN IMMEDIATELY");
            }

            java.util.List<BackendRecord> listed = null;
            for (int attempt = 0; attempt < 2 && listed == null; attempt++) {
                try {
                    listed = file.backends().list();
                } catch (DatabaseUnavailableException e) {
                    // the pool's old connections died with the store; the renewed pool opens it again
                }
            }
            assertThat(listed).extracting(BackendRecord::id).containsExactly(id);
            assertThat(file.backends().create(backend("next", 5002)).id()).isGreaterThan(id);
        }
    }

    @Test
    void aUrlThatIsNotH2IsRefusedWithOneLine() {
        assertThatThrownBy(() -> Database.open("jdbc:nosuch:x")).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("jdbc:nosuch:x");
        assertThatThrownBy(() -> Database.open("data/fulcrum")).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("not a JDBC URL");
    }
}
