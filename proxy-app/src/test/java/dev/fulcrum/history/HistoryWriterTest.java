package dev.fulcrum.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.db.Database;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.db.HealthCheckRow;
import dev.fulcrum.db.testing.PostgresServer;
import dev.fulcrum.db.testing.TestPostgres;
import dev.fulcrum.db.HistoryRepository;
import dev.fulcrum.health.EventState;
import dev.fulcrum.health.HealthEvent;
import dev.fulcrum.health.ProbeResult;
import dev.fulcrum.time.ManualTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The writer on a real H2: batches arrive, old history is pruned by the injected clock, a dead database drops; and
 * on a real PostgreSQL shared with another instance, pruning waits its turn.
 */
class HistoryWriterTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final ManualTime time = new ManualTime(NOW);
    private Database database;
    private HistoryRepository history;
    private HistoryWriter writer;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        history = database.history();
    }

    @AfterEach
    void close() throws Exception {
        writer.close();
        database.close();
    }

    private static ProbeResult result(Instant at) {
        return new ProbeResult(1, at, true, 200, 2, null);
    }

    @Test
    void resultsAndEventsAreStoredAndOldHistoryIsPruned() {
        writer = new HistoryWriter(history, "test:1", RetentionSettings.DEFAULTS, time, Duration.ofMinutes(1));
        for (int i = 0; i < 2_500; i++) {
            writer.probed(result(NOW.minus(Duration.ofHours(30)).plusSeconds(i)));
        }
        writer.probed(result(NOW.minusSeconds(10)));
        writer.changed(new HealthEvent(1, NOW.minus(Duration.ofDays(91)), EventState.UP, EventState.DOWN, "active: old"));
        writer.changed(new HealthEvent(1, NOW.minusSeconds(5), EventState.DOWN, EventState.UP, "active: new"));
        writer.start();

        await().until(() -> writer.written() == 2_503);
        assertThat(history.checks(1, NOW.minus(Duration.ofDays(2)), NOW, 10_000)).hasSize(2_501);
        // The prune is due a minute after the writer was made, by the injected clock.
        time.advance(Duration.ofMinutes(1));
        await().untilAsserted(() -> {
            assertThat(history.checks(1, NOW.minus(Duration.ofDays(2)), NOW, 10_000))
                    .extracting(r -> r.checkedAt()).containsExactly(NOW.minusSeconds(10));
            assertThat(history.events(1L, null, 10)).extracting(e -> e.reason()).containsExactly("active: new");
        });
        assertThat(history.rollups(1, NOW.minus(Duration.ofDays(2)), NOW, 10_000)).hasSizeGreaterThan(40);
        assertThat(writer.dropped()).isZero();
    }

    @Test
    void aDeadDatabaseDropsAndCountsInsteadOfBlocking() {
        writer = new HistoryWriter(history, "test:1", RetentionSettings.DEFAULTS, time, Duration.ofHours(1));
        writer.start();
        database.close();

        for (int i = 0; i < 100; i++) {
            writer.probed(result(NOW));
        }
        await().until(() -> writer.dropped() == 100);
        assertThat(writer.written()).isZero();
    }

    @Test
    @ExtendWith(TestPostgres.class)
    void whileAnotherInstancePrunesThisOneSkipsItsTurnAndPrunesAtTheNext(PostgresServer postgres) throws Exception {
        DatabaseSettings shared = postgres.newDatabase();
        try (Database mine = Database.open(shared, Clock.systemUTC());
             Database other = Database.open(shared, Clock.systemUTC())) {
            List<HealthCheckRow> old = new ArrayList<>();
            for (int i = 0; i < 1_500; i++) {
                old.add(new HealthCheckRow(1, NOW.minus(Duration.ofDays(2)).plusSeconds(i), true, 200, 1, null,
                        i % 2 == 0 ? "a:1" : "b:1"));
            }
            mine.history().recordChecks(old);
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread otherInstance = new Thread(() -> other.history().pruneAlone(() -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            otherInstance.start();
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

            writer = new HistoryWriter(mine.history(), "a:1", RetentionSettings.DEFAULTS, time, Duration.ofMinutes(1));
            writer.start();
            time.advance(Duration.ofMinutes(1));
            await().until(() -> writer.prunesSkipped() == 1);
            assertThat(writer.pruned()).isZero();
            release.countDown();
            otherInstance.join(30_000);

            time.advance(Duration.ofMinutes(1));
            await().until(() -> writer.pruned() == 1_500);
            assertThat(mine.history().checks(1, NOW.minus(Duration.ofDays(3)), NOW, 10)).isEmpty();
            writer.close();
        }
    }
}
