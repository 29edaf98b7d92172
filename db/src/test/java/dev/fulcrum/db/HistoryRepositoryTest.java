package dev.fulcrum.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.db.testing.BothDatabases;
import dev.fulcrum.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The health history with the real migrations on H2 and PostgreSQL, one fresh database per test; rows from several
 * instances sharing the database are kept apart, merged in summaries.
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(BothDatabases.class)
class HistoryRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String ONE = "host-a:8081";

    @Parameter
    TestDatabase kind;

    private DatabaseSettings settings;
    private Database database;
    private HistoryRepository history;

    @BeforeEach
    void open() {
        settings = kind.fresh();
        database = Database.open(settings, new MutableClock(T0));
        history = database.history();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static HealthCheckRow check(long backend, Instant at, boolean passed, int latency) {
        return check(ONE, backend, at, passed, latency);
    }

    private static HealthCheckRow check(String instance, long backend, Instant at, boolean passed, int latency) {
        return new HealthCheckRow(backend, at, passed, passed ? 200 : 0, latency, passed ? null : "connection refused",
                instance);
    }

    private static HealthEventRow event(long backend, Instant at, String from, String to) {
        return event(ONE, backend, at, from, to);
    }

    private static HealthEventRow event(String instance, long backend, Instant at, String from, String to) {
        return new HealthEventRow(0, backend, at, from, to, "active: test", instance);
    }

    @Test
    void checksComeBackNewestFirstWithinRangeAndLimit() {
        history.recordChecks(List.of(check(1, T0, true, 3), check(1, T0.plusSeconds(5), false, 7),
                check(1, T0.plusSeconds(10), true, 4), check(2, T0.plusSeconds(5), true, 9)));

        List<HealthCheckRow> all = history.checks(1, T0, T0.plusSeconds(10), 10);
        assertThat(all).extracting(HealthCheckRow::checkedAt)
                .containsExactly(T0.plusSeconds(10), T0.plusSeconds(5), T0);
        assertThat(all.get(1).error()).isEqualTo("connection refused");
        assertThat(history.checks(1, T0, T0.plusSeconds(10), 2)).hasSize(2);
        assertThat(history.checks(1, T0.plusSeconds(1), T0.plusSeconds(9), 10)).extracting(HealthCheckRow::latencyMs)
                .containsExactly(7);
    }

    @Test
    void rollupsMatchTheRawDataTheySummarise() {
        Random random = new Random(7);
        List<HealthCheckRow> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(check(1 + i % 2, T0.plusSeconds(i * 2L), random.nextInt(5) > 0, 1 + random.nextInt(50)));
        }
        // Three batches, the middle boundary falling inside a minute, so one minute is added to twice.
        history.recordChecks(rows.subList(0, 70));
        history.recordChecks(rows.subList(70, 130));
        history.recordChecks(rows.subList(130, 200));

        for (long backend : new long[] {1, 2}) {
            Map<Instant, List<HealthCheckRow>> raw = history.checks(backend, T0, T0.plus(Duration.ofHours(1)), 1000)
                    .stream().collect(Collectors.groupingBy(r -> r.checkedAt().truncatedTo(ChronoUnit.MINUTES)));
            List<RollupRow> rollups = history.rollups(backend, T0, T0.plus(Duration.ofHours(1)), 1000);
            assertThat(rollups).hasSize(raw.size());
            for (RollupRow minute : rollups) {
                List<HealthCheckRow> in = raw.get(minute.minuteStart());
                assertThat(minute.checks()).isEqualTo(in.size());
                assertThat(minute.failures()).isEqualTo((int) in.stream().filter(r -> !r.passed()).count());
                assertThat(minute.minLatencyMs()).isEqualTo(in.stream().mapToInt(HealthCheckRow::latencyMs).min().orElseThrow());
                assertThat(minute.maxLatencyMs()).isEqualTo(in.stream().mapToInt(HealthCheckRow::latencyMs).max().orElseThrow());
                assertThat(minute.sumLatencyMs()).isEqualTo(in.stream().mapToLong(HealthCheckRow::latencyMs).sum());
            }
        }
    }

    @Test
    void summaryFromRawResultsIsExact() {
        List<HealthCheckRow> rows = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            rows.add(check(1, T0.plusSeconds(i), i % 10 != 0, i));
        }
        history.recordChecks(rows);
        history.recordEvents(List.of(event(1, T0.minusSeconds(100), "unknown", "up"),
                event(1, T0.plusSeconds(50), "up", "down"), event(1, T0.plusSeconds(60), "down", "up")));

        HealthSummary summary = history.summary(1, T0, T0.plusSeconds(200), true);

        assertThat(summary.checks()).isEqualTo(100);
        assertThat(summary.failures()).isEqualTo(10);
        assertThat(summary.uptimePercent()).isEqualTo(90.0);
        assertThat(summary.p50LatencyMs()).isIn(50, 51);
        assertThat(summary.p95LatencyMs()).isIn(95, 96);
        assertThat(summary.transitions()).isEqualTo(2);
        assertThat(summary.lastChange()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void summaryFromRollupsCountsExactlyAndApproximatesLatency() {
        List<HealthCheckRow> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            rows.add(check(1, T0.plusSeconds(i), i % 4 != 0, 10 + i / 60));
        }
        history.recordChecks(rows);

        HealthSummary summary = history.summary(1, T0, T0.plus(Duration.ofHours(1)), false);

        assertThat(summary.checks()).isEqualTo(600);
        assertThat(summary.failures()).isEqualTo(150);
        assertThat(summary.uptimePercent()).isEqualTo(75.0);
        assertThat(summary.p50LatencyMs()).isBetween(10, 19);
        assertThat(summary.p95LatencyMs()).isBetween(summary.p50LatencyMs(), 19);
        assertThat(history.summary(9, T0, T0.plusSeconds(1), false).p50LatencyMs()).isNull();
    }

    @Test
    void eventsPageNewestFirstWithoutGapOrOverlap() {
        List<HealthEventRow> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(event(1 + i % 2, T0.plusSeconds(i), "up", "down"));
        }
        history.recordEvents(events);

        List<HealthEventRow> first = history.events(null, null, 10);
        List<HealthEventRow> second = history.events(null, first.get(9).id(), 10);
        List<HealthEventRow> third = history.events(null, second.get(9).id(), 10);

        List<Long> ids = new ArrayList<>();
        for (List<HealthEventRow> page : List.of(first, second, third)) {
            page.forEach(e -> ids.add(e.id()));
        }
        assertThat(ids).hasSize(25).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(first.get(0).occurredAt()).isEqualTo(T0.plusSeconds(24));
        assertThat(history.events(2L, null, 100)).hasSize(12).allMatch(e -> e.backendId() == 2);
    }

    @Test
    void pruningDeletesOldRowsInChunksAndKeepsNewerOnes() {
        List<HealthCheckRow> rows = new ArrayList<>();
        List<HealthEventRow> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            rows.add(check(1, T0.minus(Duration.ofDays(2)).plusSeconds(i * 60L), true, 1));
            events.add(event(1, T0.minus(Duration.ofDays(100)).plusSeconds(i), "up", "down"));
        }
        rows.add(check(1, T0, true, 1));
        events.add(event(1, T0, "down", "up"));
        history.recordChecks(rows);
        history.recordEvents(events);
        Instant cutoff = T0.minus(Duration.ofDays(1));

        assertThat(List.of(history.pruneChecks(cutoff, 100), history.pruneChecks(cutoff, 100),
                history.pruneChecks(cutoff, 100), history.pruneChecks(cutoff, 100))).containsExactly(100, 100, 50, 0);
        assertThat(history.checks(1, T0.minus(Duration.ofDays(30)), T0, 1000)).extracting(HealthCheckRow::checkedAt)
                .containsExactly(T0);
        assertThat(history.pruneRollups(cutoff, 1000)).isEqualTo(250);
        assertThat(history.rollups(1, T0.minus(Duration.ofDays(30)), T0, 1000)).hasSize(1);
        assertThat(history.pruneEvents(T0.minus(Duration.ofDays(90)), 200)).isEqualTo(200);
        assertThat(history.pruneEvents(T0.minus(Duration.ofDays(90)), 200)).isEqualTo(50);
        assertThat(history.events(null, null, 100)).extracting(HealthEventRow::occurredAt).containsExactly(T0);
    }

    @Test
    void aClosedDatabaseFailsWithOneLine() {
        database.close();

        assertThatThrownBy(() -> history.recordChecks(List.of(check(1, T0, true, 1))))
                .isInstanceOf(DatabaseUnavailableException.class)
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
        assertThatThrownBy(() -> history.checks(1, T0, T0, 10)).isInstanceOf(DatabaseUnavailableException.class);
    }

    @Test
    void theSecondMigrationAddedNullableHealthOverridesToBackends() throws Exception {
        BackendRecord stored = database.backends().create(new NewBackend("one", "http://127.0.0.1:5001", 1, true));
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT health_path, expect_status, check_interval_ms FROM backend WHERE id = " + stored.id())) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNull();
            assertThat(rs.getString(2)).isNull();
            assertThat(rs.getObject(3)).isNull();
        }
    }

    @Test
    void instancesKeepTheirOwnRowsAndTheSummaryMergesThem() {
        String two = "host-b:8081";
        List<HealthCheckRow> one = new ArrayList<>();
        List<HealthCheckRow> other = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            one.add(check(ONE, 1, T0.plusSeconds(i), true, 5));
            other.add(check(two, 1, T0.plusSeconds(i), i % 3 != 0, 9));
        }
        // Interleaved batches of two writers, the same backend and the same minutes.
        history.recordChecks(one.subList(0, 30));
        history.recordChecks(other.subList(0, 30));
        history.recordChecks(one.subList(30, 60));
        history.recordChecks(other.subList(30, 60));
        history.recordEvents(List.of(event(ONE, 1, T0, "unknown", "up"), event(two, 1, T0, "unknown", "up"),
                event(two, 1, T0.plusSeconds(30), "up", "down")));

        for (boolean fromRaw : new boolean[] {true, false}) {
            HealthSummary merged = history.summary(1, T0, T0.plusSeconds(120), fromRaw);
            assertThat(merged.checks()).as("raw %s", fromRaw).isEqualTo(120);
            assertThat(merged.failures()).isEqualTo(20);
            assertThat(merged.byInstance()).containsExactly(new InstanceChecks(ONE, 60, 0),
                    new InstanceChecks(two, 60, 20));
        }
        assertThat(history.checks(1, two, T0, T0.plusSeconds(120), 100)).hasSize(60)
                .allMatch(row -> row.instanceId().equals(two));
        assertThat(history.rollups(1, ONE, T0, T0.plusSeconds(120), 100)).extracting(RollupRow::checks)
                .containsExactly(60);
        assertThat(history.seenBy(1, List.of(two, ONE, "gone:1"))).satisfiesExactly(
                b -> {
                    assertThat(b.lastCheck().checkedAt()).isEqualTo(T0.plusSeconds(59));
                    assertThat(b.lastEvent().toState()).isEqualTo("down");
                },
                a -> assertThat(a.lastEvent().toState()).isEqualTo("up"),
                gone -> assertThat(gone).isEqualTo(new BackendSeenBy("gone:1", null, null)));
    }
}
