package dev.fulcrum.admin;

import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.values.Durations;
import io.javalin.config.RoutesConfig;
import java.util.List;

/**
 * {@code GET /api/stats}: the last five minutes of traffic, second by second, the retries made and refused, and the
 * last minute of each backend and of all together; {@code GET /api/backends/{id}/traffic}: one backend's last five
 * minutes, step by step, for its chart.
 */
public final class StatsRoutes implements RouteGroup {

    record Stats(List<TrafficView.Second> seconds, long retries, long retriesRefused, TrafficView.Minute lastMinute,
                 List<BackendMinute> backends) {
    }

    /** One backend's last minute, named. */
    record BackendMinute(long id, String name, TrafficView.Minute lastMinute) {
    }

    /** {@code GET /api/backends/{id}/traffic}. */
    record Traffic(long backendId, String step, List<TrafficView.Step> items) {
    }

    private final TrafficView traffic;
    private final BackendPool pool;
    private final TimeSource time;

    public StatsRoutes(TrafficView traffic, BackendPool pool, TimeSource time) {
        this.traffic = traffic;
        this.pool = pool;
        this.time = time;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        routes.get("/api/stats", ctx -> json.send(ctx, 200, stats()));
        routes.get("/api/backends/{id}/traffic", ctx -> {
            long id = PathNumbers.backendId(ctx);
            Backend backend = pool.find(id).orElseThrow(() -> ApiError.noBackend(id));
            json.send(ctx, 200, new Traffic(backend.id(), Durations.format(traffic.step()),
                    traffic.recent(backend.id())));
        });
    }

    Stats stats() {
        List<BackendMinute> backends = pool.backends().stream()
                .map(b -> new BackendMinute(b.id(), b.name(), traffic.lastMinute(b.id()))).toList();
        return new Stats(traffic.lastMinutes(time.epochSecond()), traffic.retries(), traffic.refusedRetries(),
                traffic.lastMinute(), backends);
    }
}
