package dev.fulcrum.admin;

import dev.fulcrum.health.HttpHealthProbe;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import io.javalin.config.RoutesConfig;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/backends/{id}/probe}: one probe now, with the first kilobyte of what the backend said. Reads the
 * in-memory pool only, so it works while the database is down.
 */
public final class ProbeRoutes implements RouteGroup {

    record ProbeAnswer(long backendId, String checkedAt, boolean passed, int status, long latencyMs, String error,
                       String body) {
    }

    static final int PROBE_BODY_BYTES = 1024;

    private final BackendPool pool;
    private final HttpHealthProbe probe;

    public ProbeRoutes(BackendPool pool, HttpHealthProbe probe) {
        this.pool = pool;
        this.probe = probe;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        routes.post("/api/backends/{id}/probe", ctx -> json.send(ctx, 200, probeNow(PathNumbers.backendId(ctx))));
    }

    ProbeAnswer probeNow(long id) {
        Backend backend = pool.find(id).orElseThrow(() -> ApiError.noBackend(id));
        HttpHealthProbe.ProbeResponse response;
        try {
            response = probe.probeWithBody(backend, PROBE_BODY_BYTES).get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted while probing", null);
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiError(504, "the probe did not finish", null);
        }
        return new ProbeAnswer(id, response.result().finishedAt().toString(), response.result().passed(),
                response.result().status(), response.result().latencyMillis(), response.result().error(),
                response.body());
    }
}
