package dev.fulcrum.db;

import static dev.fulcrum.db.Change.clear;
import static dev.fulcrum.db.Change.keep;
import static dev.fulcrum.db.Change.set;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings row against a real H2 with the real migrations: written once, then only changed. */
class SettingsRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private Database database;
    private SettingsRepository settings;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", clock);
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
    void storedSettingsSurviveReopeningTheFile(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("fulcrum");
        try (Database file = Database.open(url, "sa", "", clock)) {
            file.settings().storeIfAbsent(new SettingsRecord("round-robin", null, null, null, null));
            file.settings().update(new SettingsChanges(set("hash"), set("path"), keep(), set(5_000)));
        }
        try (Database file = Database.open(url, "sa", "", clock)) {
            assertThat(file.settings().find()).contains(new SettingsRecord("hash", "path", null, 5_000, T0));
        }
    }
}
