package dev.fulcrum.db;

import static dev.fulcrum.db.Change.clear;
import static dev.fulcrum.db.Change.keep;
import static dev.fulcrum.db.Change.set;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.db.testing.BothDatabases;
import dev.fulcrum.db.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The settings row with the real migrations on H2 and PostgreSQL: written once, then only changed. */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(BothDatabases.class)
class SettingsRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Parameter
    TestDatabase kind;

    private final MutableClock clock = new MutableClock(T0);
    private DatabaseSettings stored;
    private Database database;
    private SettingsRepository settings;

    @BeforeEach
    void open() {
        stored = kind.fresh();
        database = Database.open(stored, clock);
        settings = database.settings();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theFirstValuesAreStoredOnceAndLaterOnesDoNotReplaceThem() {
        assertThat(settings.find()).isEmpty();

        SettingsRecord first = settings.storeIfAbsent(new SettingsRecord("hash", "header:X-User", null, 30_000, null));
        SettingsRecord second = settings.storeIfAbsent(new SettingsRecord("round-robin", null, "srv", null, null));

        assertThat(first).isEqualTo(new SettingsRecord("hash", "header:X-User", null, 30_000, T0));
        assertThat(second).isEqualTo(first);
        assertThat(settings.find()).contains(first);
    }

    @Test
    void changesSetKeepAndClearEachField() {
        settings.storeIfAbsent(new SettingsRecord("hash", "header:X-User", null, 30_000, null));
        clock.advance(Duration.ofMinutes(1));

        SettingsRecord changed = settings.update(new SettingsChanges(set("least-requests"), keep(), set("srv"),
                clear())).orElseThrow();

        assertThat(changed).isEqualTo(new SettingsRecord("least-requests", "header:X-User", "srv", null,
                T0.plus(Duration.ofMinutes(1))));
        assertThat(settings.find()).contains(changed);
    }

    @Test
    void anUpdateBeforeAnythingIsStoredChangesNothing() {
        assertThat(settings.update(new SettingsChanges(set("hash"), keep(), keep(), keep()))).isEmpty();
        assertThat(settings.find()).isEmpty();
    }

    @Test
    void storedSettingsSurviveReopening(@TempDir Path dir) {
        DatabaseSettings file = kind.isH2() ? DatabaseSettings.of("jdbc:h2:file:" + dir.resolve("fulcrum")) : stored;
        try (Database first = Database.open(file, clock)) {
            first.settings().storeIfAbsent(new SettingsRecord("round-robin", null, null, null, null));
            first.settings().update(new SettingsChanges(set("hash"), set("path"), keep(), set(5_000)));
        }
        try (Database again = Database.open(file, clock)) {
            assertThat(again.settings().find()).contains(new SettingsRecord("hash", "path", null, 5_000, T0));
        }
    }
}
