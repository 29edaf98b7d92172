package dev.fulcrum.admin;

import dev.fulcrum.db.BackendSeenBy;
import dev.fulcrum.db.HealthCheckRow;
import dev.fulcrum.db.HealthEventRow;
import dev.fulcrum.db.HealthSummary;
import dev.fulcrum.db.HistoryRepository;
import dev.fulcrum.db.InstanceRecord;
import dev.fulcrum.db.RollupRow;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.instance.LiveInstances;
import dev.fulcrum.time.TimeSource;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One backend's health history: raw results (or per-minute rollups past the raw retention), a summary over a
 * window, and the backend as each live instance sees it. Instances sharing a database each probe every backend, so
 * every result names its instance ({@code null} for one stored before instances had ids), the summary merges them and
 * gives each one's share. Reads only; a database failure becomes 503 like any other.
 */
public final class HistoryRoutes implements RouteGroup {

    /** {@code GET /api/backends/{id}/health}: newest first, in {@code raw} or {@code minute} resolution. */
    record ChecksPage(long backendId, String from, String to, String resolution, List<HistoryItem> items) {
    }

    /** One item of a {@link ChecksPage}: a probe result or a minute of them. */
    sealed interface HistoryItem permits CheckItem, RollupItem {
    }

    record CheckItem(String checkedAt, boolean passed, int status, int latencyMs, String error, String instance)
            implements HistoryItem {
    }

    record RollupItem(String minute, int checks, int failures, int minLatencyMs, long avgLatencyMs,
                      int maxLatencyMs, String instance) implements HistoryItem {
    }

    /** {@code GET /api/backends/{id}/summary}: merged over every instance, each one's share in {@code instances}. */
    record Summary(long backendId, String window, Double uptimePercent, long checks, long failures,
                   Integer p50LatencyMs, Integer p95LatencyMs, long transitions, String lastChange,
                   Long secondsSinceLastChange, List<InstanceShare> instances) {
    }

    /** One instance's checks of the backend within a summary's window. */
    record InstanceShare(String instance, long checks, long failures, Double uptimePercent) {
    }

    /**
     * {@code GET /api/backends/{id}/instances}: the backend as one live instance sees it, from what that instance
     * stored: its last state change ({@code state}, {@code since}) and its last probe; each null when it stored none.
     */
    record SeenBy(String instance, String state, String since, String lastCheck, Boolean passed, Integer latencyMs,
                  String error) {
    }

    private static final Map<String, Duration> WINDOWS = Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24),
            "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

    private final HistoryRepository history;
    private final BackendService backends;
    private final LiveInstances instances;
    private final RetentionSettings retention;
    private final TimeSource time;

    public HistoryRoutes(HistoryRepository history, BackendService backends, LiveInstances instances,
                         RetentionSettings retention, TimeSource time) {
        this.history = history;
        this.backends = backends;
        this.instances = instances;
        this.retention = retention;
        this.time = time;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        routes.get("/api/backends/{id}/health", ctx -> json.send(ctx, 200, checks(PathNumbers.backendId(ctx),
                ctx.queryParam("from"), ctx.queryParam("to"), ctx.queryParam("limit"), ctx.queryParam("instance"))));
        routes.get("/api/backends/{id}/summary", ctx -> json.send(ctx, 200,
                summary(PathNumbers.backendId(ctx), ctx.queryParam("window"))));
        routes.get("/api/backends/{id}/instances", ctx -> json.send(ctx, 200, seenBy(PathNumbers.backendId(ctx))));
    }

    ChecksPage checks(long id, String fromParam, String toParam, String limitParam, String instanceParam) {
        backends.get(id);
        Instant now = time.now();
        Instant to = QueryParams.instant(toParam, "to", now);
        Instant from = QueryParams.instant(fromParam, "from", to.minus(Duration.ofHours(1)));
        if (from.isAfter(to)) {
            throw ApiError.badField("from", "from must not be after to");
        }
        int limit = QueryParams.limit(limitParam, 1000);
        String instance = instanceParam == null ? null : QueryParams.instance(instanceParam, "instance");
        if (from.isBefore(now.minus(retention.checks()))) {
            List<HistoryItem> items = history.rollups(id, instance, from, to, limit).stream()
                    .map(HistoryRoutes::rollup).map(HistoryItem.class::cast).toList();
            return new ChecksPage(id, from.toString(), to.toString(), "minute", items);
        }
        List<HistoryItem> items = history.checks(id, instance, from, to, limit).stream().map(HistoryRoutes::check)
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
                s.lastChange() == null ? null : Duration.between(s.lastChange(), to).toSeconds(),
                s.byInstance().stream().map(i -> new InstanceShare(instance(i.instanceId()), i.checks(), i.failures(),
                        i.checks() == 0 ? null : Math.round(i.uptimePercent() * 100) / 100.0)).toList());
    }

    List<SeenBy> seenBy(long id) {
        backends.get(id);
        List<String> live = instances.list().stream().map(InstanceRecord::id).toList();
        return history.seenBy(id, live).stream().map(HistoryRoutes::seenBy).toList();
    }

    private static SeenBy seenBy(BackendSeenBy seen) {
        HealthEventRow event = seen.lastEvent();
        HealthCheckRow check = seen.lastCheck();
        return new SeenBy(seen.instanceId(), event == null ? null : event.toState(),
                event == null ? null : event.occurredAt().toString(),
                check == null ? null : check.checkedAt().toString(), check == null ? null : check.passed(),
                check == null ? null : check.latencyMs(), check == null ? null : check.error());
    }

    private static CheckItem check(HealthCheckRow row) {
        return new CheckItem(row.checkedAt().toString(), row.passed(), row.status(), row.latencyMs(), row.error(),
                instance(row.instanceId()));
    }

    private static RollupItem rollup(RollupRow row) {
        return new RollupItem(row.minuteStart().toString(), row.checks(), row.failures(), row.minLatencyMs(),
                Math.round(row.avgLatencyMs()), row.maxLatencyMs(), instance(row.instanceId()));
    }

    /** An instance id as the API shows it: null for history stored before instances had ids. */
    static String instance(String stored) {
        return stored == null || stored.isEmpty() ? null : stored;
    }
}
