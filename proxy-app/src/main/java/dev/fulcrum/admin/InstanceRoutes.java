package dev.fulcrum.admin;

import dev.fulcrum.db.InstanceRecord;
import dev.fulcrum.instance.LiveInstances;
import dev.fulcrum.time.TimeSource;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/instances}: the live instances sharing this database, each with its version, start time, last
 * heartbeat, the revision of the configuration it routes by and whether it is behind (has not applied a revision
 * committed more than ten seconds ago); {@code self} marks the one answering.
 */
public final class InstanceRoutes implements RouteGroup {

    record InstanceView(String id, String version, String startedAt, String lastHeartbeat,
                        long secondsSinceHeartbeat, long revisionApplied, boolean behind, boolean self) {
    }

    private final LiveInstances instances;
    private final TimeSource time;

    public InstanceRoutes(LiveInstances instances, TimeSource time) {
        this.instances = instances;
        this.time = time;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        routes.get("/api/instances", ctx -> json.send(ctx, 200, list()));
    }

    List<InstanceView> list() {
        Instant now = time.now();
        return instances.list().stream().map(i -> view(i, now)).toList();
    }

    private InstanceView view(InstanceRecord instance, Instant now) {
        return new InstanceView(instance.id(), instance.version(), instance.startedAt().toString(),
                instance.heartbeatAt().toString(),
                Math.max(0, Duration.between(instance.heartbeatAt(), now).toSeconds()), instance.revisionApplied(),
                instances.behind(instance, now), instance.id().equals(instances.self()));
    }
}
