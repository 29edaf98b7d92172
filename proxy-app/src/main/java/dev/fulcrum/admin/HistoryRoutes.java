package dev.fulcrum.admin;

import dev.fulcrum.db.HealthCheckRow;
import dev.fulcrum.db.HealthSummary;
import dev.fulcrum.db.HistoryRepository;
import dev.fulcrum.db.RollupRow;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.time.TimeSource;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One backend's health history: raw results (or per-minute rollups past the raw retention) and a summary over a
 * window. Reads only; a database failure becomes 503 like any other.
 */
public final class HistoryRoutes implements RouteGroup {

    /** {@code GET /api/backends/{id}/health}: newest first, in {@code raw} or {@code minute} resolution. */
    record ChecksPage(long backendId, String from, String to, String resolution, List<HistoryItem> items) {
    }

    /** One item of a {@link ChecksPage}: a probe result or a minute of them. */
    sealed interface HistoryItem permits CheckItem, RollupItem {
    }

    record CheckItem(String checkedAt, boolean passed, int status, int latencyMs, String error)
            implements HistoryItem {
    }

    record RollupItem(String minute, int checks, int failures, int minLatencyMs, long avgLatencyMs,
                      int maxLatencyMs) implements HistoryItem {
    }

    /** {@code GET /api/backends/{id}/summary}. */
    record Summary(long backendId, String window, Double uptimePercent, long checks, long failures,
                   Integer p50LatencyMs, Integer p95LatencyMs, long transitions, String lastChange,
                   Long secondsSinceLastChange) {
    }

    private static final Map<String, Duration> WINDOWS = Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24),
            "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

    private final HistoryRepository history;
    private final BackendService backends;
    private final RetentionSettings retention;
    private final TimeSource time;

    public HistoryRoutes(HistoryRepository history, BackendService backends, RetentionSettings retention,
                         TimeSource time) {
        this.history = history;
        this.backends = backends;
        this.retention = retention;
        this.time = time;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        routes.get("/api/backends/{id}/health", ctx -> json.send(ctx, 200, checks(PathNumbers.backendId(ctx),
                ctx.queryParam("from"), ctx.queryParam("to"), ctx.queryParam("limit"))));
        routes.get("/api/backends/{id}/summary", ctx -> json.send(ctx, 200,
                summary(PathNumbers.backendId(ctx), ctx.queryParam("window"))));
    }

    ChecksPage checks(long id, String fromParam, String toParam, String limitParam) {
        backends.get(id);
        Instant now = time.now();
        Instant to = QueryParams.instant(toParam, "to", now);
        Instant from = QueryParams.instant(fromParam, "from", to.minus(Duration.ofHours(1)));
        if (from.isAfter(to)) {
            throw ApiError.badField("from", "from must not be after to");
        }
        int limit = QueryParams.limit(limitParam, 1000);
        if (from.isBefore(now.minus(retention.checks()))) {
            List<HistoryItem> items = history.rollups(id, from, to, limit).stream().map(HistoryRoutes::rollup)
                    .map(HistoryItem.class::cast).toList();
            return new ChecksPage(id, from.toString(), to.toString(), "minute", items);
        }
        List<HistoryItem> items = history.checks(id, from, to, limit).stream().map(HistoryRoutes::check)
                .map(HistoryItem.class::cast).toList();
        return new ChecksPage(id, from.toString(), to.toString(), "raw", items);
    }

    Summary summary(long id, String windowParam) {
        backends.get(id);
        String window = windowParam == null ? "24h" : windowParam;
        Duration length = WINDOWS.get(window);
        if (length == null) {
            throw ApiError.badField("window", "window must be one of 1h, 24h, 7d, 30d");
        }
        Instant to = time.now();
        HealthSummary s = history.summary(id, to.minus(length), to, length.compareTo(retention.checks()) <= 0);
        return new Summary(id, window, s.checks() == 0 ? null : Math.round(s.uptimePercent() * 100) / 100.0,
                s.checks(), s.failures(), s.p50LatencyMs(), s.p95LatencyMs(), s.transitions(),
                s.lastChange() == null ? null : s.lastChange().toString(),
                s.lastChange() == null ? null : Duration.between(s.lastChange(), to).toSeconds());
    }

    private static CheckItem check(HealthCheckRow row) {
        return new CheckItem(row.checkedAt().toString(), row.passed(), row.status(), row.latencyMs(), row.error());
    }

    private static RollupItem rollup(RollupRow row) {
        return new RollupItem(row.minuteStart().toString(), row.checks(), row.failures(), row.minLatencyMs(),
                Math.round(row.avgLatencyMs()), row.maxLatencyMs());
    }
}
