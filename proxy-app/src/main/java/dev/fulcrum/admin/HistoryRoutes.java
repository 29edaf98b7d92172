package dev.fulcrum.admin;

import dev.fulcrum.db.HealthCheckRow;
import dev.fulcrum.db.HealthEventRow;
import dev.fulcrum.db.HealthSummary;
import dev.fulcrum.db.HistoryRepository;
import dev.fulcrum.db.RollupRow;
import dev.fulcrum.health.HttpHealthProbe;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The health-history calls of the admin API: raw results (or per-minute rollups past the raw retention), summaries
 * over a window, the event list, and a probe on demand. Reads only; a database failure becomes 503 like any other.
 */
public final class HistoryRoutes {

    static final int MAX_LIMIT = 10_000;
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    static final int PROBE_BODY_BYTES = 1024;

    private static final Map<String, Duration> WINDOWS = Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24),
            "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

    private final HistoryRepository history;
    private final BackendService backends;
    private final BackendPool pool;
    private final HttpHealthProbe probe;
    private final RetentionSettings retention;
    private final TimeSource time;

    public HistoryRoutes(HistoryRepository history, BackendService backends, BackendPool pool, HttpHealthProbe probe,
                  RetentionSettings retention, TimeSource time) {
        this.history = history;
        this.backends = backends;
        this.pool = pool;
        this.probe = probe;
        this.retention = retention;
        this.time = time;
    }

    /** {@code GET /api/backends/{id}/health?from=&to=&limit=}: newest first; rollups when {@code from} is past raw retention. */
    Map<String, Object> checks(long id, String fromParam, String toParam, String limitParam) {
        backends.get(id);
        Instant now = time.now();
        Instant to = instant(toParam, "to", now);
        Instant from = instant(fromParam, "from", to.minus(Duration.ofHours(1)));
        if (from.isAfter(to)) {
            throw ApiError.badField("from", "from must not be after to");
        }
        int limit = limit(limitParam, 1000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backendId", id);
        body.put("from", from.toString());
        body.put("to", to.toString());
        if (from.isBefore(now.minus(retention.checks()))) {
            body.put("resolution", "minute");
            body.put("items", history.rollups(id, from, to, limit).stream().map(HistoryRoutes::rollup).toList());
        } else {
            body.put("resolution", "raw");
            body.put("items", history.checks(id, from, to, limit).stream().map(HistoryRoutes::check).toList());
        }
        return body;
    }

    /** {@code GET /api/backends/{id}/summary?window=1h|24h|7d|30d}. */
    Map<String, Object> summary(long id, String windowParam) {
        backends.get(id);
        String window = windowParam == null ? "24h" : windowParam;
        Duration length = WINDOWS.get(window);
        if (length == null) {
            throw ApiError.badField("window", "window must be one of 1h, 24h, 7d, 30d");
        }
        Instant to = time.now();
        HealthSummary s = history.summary(id, to.minus(length), to, length.compareTo(retention.checks()) <= 0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backendId", id);
        body.put("window", window);
        body.put("uptimePercent", s.checks() == 0 ? null : Math.round(s.uptimePercent() * 100) / 100.0);
        body.put("checks", s.checks());
        body.put("failures", s.failures());
        body.put("p50LatencyMs", s.p50LatencyMs());
        body.put("p95LatencyMs", s.p95LatencyMs());
        body.put("transitions", s.transitions());
        body.put("lastChange", s.lastChange() == null ? null : s.lastChange().toString());
        body.put("secondsSinceLastChange",
                s.lastChange() == null ? null : Duration.between(s.lastChange(), to).toSeconds());
        return body;
    }

    /** {@code GET /api/events?backend=&limit=&before=}: newest first; {@code next} is the cursor for the next page. */
    Map<String, Object> events(String backendParam, String limitParam, String beforeParam) {
        Long backend = backendParam == null ? null : positive(backendParam, "backend");
        Long before = beforeParam == null ? null : positive(beforeParam, "before");
        int limit = limit(limitParam, 100);
        List<HealthEventRow> page = history.events(backend, before, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.stream().map(HistoryRoutes::event).toList());
        body.put("next", page.size() == limit ? page.get(page.size() - 1).id() : null);
        return body;
    }

    /**
     * {@code POST /api/backends/{id}/probe}: one probe now, with the first kilobyte of what the backend said. Reads
     * the in-memory pool only, so it works while the database is down.
     */
    Map<String, Object> probeNow(long id) {
        Backend backend = pool.find(id).orElseThrow(() -> new ApiError(404, "no backend with id " + id, "id"));
        HttpHealthProbe.ProbeResponse response;
        try {
            response = probe.probeWithBody(backend, PROBE_BODY_BYTES).get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted while probing", null);
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiError(504, "the probe did not finish", null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backendId", id);
        body.put("checkedAt", response.result().finishedAt().toString());
        body.put("passed", response.result().passed());
        body.put("status", response.result().status());
        body.put("latencyMs", response.result().latencyMillis());
        body.put("error", response.result().error());
        body.put("body", response.body());
        return body;
    }

    private static Map<String, Object> check(HealthCheckRow row) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("checkedAt", row.checkedAt().toString());
        item.put("passed", row.passed());
        item.put("status", row.status());
        item.put("latencyMs", row.latencyMs());
        item.put("error", row.error());
        return item;
    }

    private static Map<String, Object> rollup(RollupRow row) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("minute", row.minuteStart().toString());
        item.put("checks", row.checks());
        item.put("failures", row.failures());
        item.put("minLatencyMs", row.minLatencyMs());
        item.put("avgLatencyMs", Math.round(row.avgLatencyMs()));
        item.put("maxLatencyMs", row.maxLatencyMs());
        return item;
    }

    private static Map<String, Object> event(HealthEventRow row) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", row.id());
        item.put("backendId", row.backendId());
        item.put("at", row.occurredAt().toString());
        item.put("from", row.fromState());
        item.put("to", row.toState());
        item.put("reason", row.reason());
        return item;
    }

    private static Instant instant(String value, String field, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.badField(field, field + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
        // Instant's own range reaches a billion years either way, where a window's arithmetic overflows and no
        // database stores it; years 0000-9999 are what ISO-8601, SQL and browsers all handle.
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiError.badField(field, field + " must lie between " + EARLIEST + " and " + LATEST);
        }
        return instant;
    }

    private static int limit(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        long n = positive(value, "limit");
        if (n > MAX_LIMIT) {
            throw ApiError.badField("limit", "limit must be at most " + MAX_LIMIT);
        }
        return (int) n;
    }

    private static long positive(String value, String field) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badField(field, field + " must be a whole number greater than 0");
    }
}
