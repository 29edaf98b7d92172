package dev.fulcrum.db;

import static dev.fulcrum.db.Change.clear;
import static dev.fulcrum.db.Change.keep;
import static dev.fulcrum.db.Change.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import dev.fulcrum.db.testing.BothDatabases;
import dev.fulcrum.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The backend repository with the real migrations, on H2 and on a real PostgreSQL, one fresh database per test. What
 * only H2 does (its file, its own shutdown) is in {@link H2DatabaseTest}.
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(BothDatabases.class)
class BackendRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Parameter
    TestDatabase kind;

    private final MutableClock clock = new MutableClock(T0);
    private DatabaseSettings settings;
    private Database database;
    private BackendRepository backends;

    @BeforeEach
    void open() {
        settings = kind.fresh();
        database = Database.open(settings, clock);
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
    void rowsAndIdsAreKeptAcrossReopen() {
        long id = backends.create(backend("kept", 5001)).id();
        backends.create(backend("deleted", 5002));
        backends.delete(id + 1);
        database.close();

        database = Database.open(settings, clock);
        assertThat(database.backends().list()).extracting(BackendRecord::id, BackendRecord::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(id, "kept"));
        assertThat(database.backends().create(backend("next", 5003)).id()).isGreaterThan(id + 1);
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
    void anotherInstanceOpeningTheMigratedDatabaseMigratesNothingAndSeesTheSameRows() {
        BackendRecord stored = backends.create(backend("one", 5001));

        try (Database second = Database.open(settings, clock)) {
            assertThat(second.migrationsRun()).isZero();
            assertThat(second.backends().list()).containsExactly(stored);
        }
        assertThat(database.migrationsRun()).as("a new database gets every migration").isPositive();
    }

    @Test
    void aUrlOfNeitherDatabaseIsRefusedWithOneLine() {
        assertThatThrownBy(() -> Database.open("jdbc:nosuch:x")).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("jdbc:nosuch:x").hasMessageContaining("neither an H2 nor a PostgreSQL URL");
        assertThatThrownBy(() -> Database.open("data/fulcrum")).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("not a JDBC URL");
    }
}
