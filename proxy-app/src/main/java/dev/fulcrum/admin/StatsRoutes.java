package dev.fulcrum.admin;

import dev.fulcrum.time.TimeSource;
import io.javalin.config.RoutesConfig;
import java.util.List;

/** {@code GET /api/stats}: the last five minutes of traffic, second by second, and the retries made and refused. */
public final class StatsRoutes implements RouteGroup {

    record Stats(List<TrafficView.Second> seconds, long retries, long retriesRefused) {
    }

    private final TrafficView traffic;
    private final TimeSource time;

    public StatsRoutes(TrafficView traffic, TimeSource time) {
        this.traffic = traffic;
        this.time = time;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        routes.get("/api/stats", ctx -> json.send(ctx, 200, new Stats(traffic.lastMinutes(time.epochSecond()),
                traffic.retries(), traffic.refusedRetries())));
    }
}
