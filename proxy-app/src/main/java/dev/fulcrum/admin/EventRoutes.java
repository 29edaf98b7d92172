package dev.fulcrum.admin;

import dev.fulcrum.db.HealthEventRow;
import dev.fulcrum.db.HistoryRepository;
import io.javalin.config.RoutesConfig;
import java.util.List;

/** {@code GET /api/events}: state changes, newest first, a page at a time; {@code next} is the next page's cursor. */
public final class EventRoutes implements RouteGroup {

    record EventsPage(List<EventItem> items, Long next) {
    }

    /** {@code instance}: the instance that saw or made the change; null for one stored before instances had ids. */
    record EventItem(long id, long backendId, String at, String from, String to, String reason, String instance) {
    }

    private final HistoryRepository history;

    public EventRoutes(HistoryRepository history) {
        this.history = history;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        routes.get("/api/events", ctx -> json.send(ctx, 200, events(ctx.queryParam("backend"),
                ctx.queryParam("limit"), ctx.queryParam("before"))));
    }

    EventsPage events(String backendParam, String limitParam, String beforeParam) {
        Long backend = backendParam == null ? null : QueryParams.positive(backendParam, "backend");
        Long before = beforeParam == null ? null : QueryParams.positive(beforeParam, "before");
        int limit = QueryParams.limit(limitParam, 100);
        List<HealthEventRow> page = history.events(backend, before, limit);
        return new EventsPage(page.stream().map(EventRoutes::event).toList(),
                page.size() == limit ? page.get(page.size() - 1).id() : null);
    }

    private static EventItem event(HealthEventRow row) {
        return new EventItem(row.id(), row.backendId(), row.occurredAt().toString(), row.fromState(), row.toState(),
                row.reason(), HistoryRoutes.instance(row.instanceId()));
    }
}
