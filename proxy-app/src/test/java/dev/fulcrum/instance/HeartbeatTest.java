package dev.fulcrum.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.db.Database;
import dev.fulcrum.db.InstanceRecord;
import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.time.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The heartbeat on a real H2, timed by a test clock: due beats are stored, a silent instance drops off the list. */
class HeartbeatTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final ManualTime time = new ManualTime(NOW);
    private final Database database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    private final Heartbeat heartbeat = new Heartbeat(database.instances(), "a:8081", "1.2.3", time);
    private final LiveInstances live = new LiveInstances(database.instances(), database.config(), "a:8081",
            time);

    @AfterEach
    void close() {
        heartbeat.close();
        database.close();
    }

    @Test
    void theFirstBeatIsStoredAtStartAndTheNextWhenTheClockSaysItIsDue() {
        heartbeat.start();
        assertThat(live.list()).containsExactly(new InstanceRecord("a:8081", "1.2.3", NOW, NOW, 0));

        time.advance(Heartbeat.EVERY);
        await().untilAsserted(() -> assertThat(live.list()).containsExactly(
                new InstanceRecord("a:8081", "1.2.3", NOW, NOW.plus(Heartbeat.EVERY), 0)));
    }

    @Test
    void aRevisionAppliedIsStoredAtOnceNotWithTheNextBeat() {
        heartbeat.start();
        time.advance(Duration.ofSeconds(1));

        heartbeat.revisionApplied(12);
        await().untilAsserted(() -> assertThat(live.list()).extracting(InstanceRecord::revisionApplied)
                .containsExactly(12L));
    }

    @Test
    void anInstanceSilentForLongerThanTheLiveWindowIsNotListed() {
        heartbeat.start();
        heartbeat.close();

        time.advance(Heartbeat.LIVE_WITHIN);
        assertThat(live.list()).extracting(InstanceRecord::id).containsExactly("a:8081");
        time.advance(Duration.ofMillis(1));
        assertThat(live.list()).isEmpty();
    }

    @Test
    void aFailingDatabaseIsOneWarningNotOneABeat() {
        try (LogCapture log = new LogCapture(Heartbeat.class)) {
            database.close();
            for (int beat = 0; beat < 3; beat++) {
                heartbeat.beatIfDue();
                time.advance(Heartbeat.EVERY);
            }
            assertThat(log.messages()).singleElement().asString()
                    .startsWith("WARN heartbeat of instance a:8081 not stored: ");
        }
    }
}
