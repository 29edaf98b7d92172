package dev.fulcrum.admin;

import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.pool.BackendPool;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code /api/backends}: list, create, read, change and remove backends, each answered as a {@link BackendView}. One
 * backend's {@code ETag} is its version (the latest revision that touched it); a {@code PATCH} or {@code DELETE} with
 * {@code If-Match} applies only to that version (else 412), and one asked of an instance that has not yet applied
 * another instance's change of the backend is refused with 409 ({@link ItemCondition}).
 */
public final class BackendRoutes implements RouteGroup {

    private final BackendService backends;
    private final BackendPool pool;
    private final TrafficView traffic;
    private final boolean tlsUnverified;

    /** @param tlsUnverified whether {@code https://} backends' certificates go unchecked (--backend-tls-insecure) */
    public BackendRoutes(BackendService backends, BackendPool pool, TrafficView traffic, boolean tlsUnverified) {
        this.backends = backends;
        this.pool = pool;
        this.traffic = traffic;
        this.tlsUnverified = tlsUnverified;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        BackendRequests requests = new BackendRequests(json.mapper());
        routes.get("/api/backends", ctx -> json.send(ctx, 200, backends.list().stream().map(this::view).toList()));
        routes.post("/api/backends", ctx -> {
            BackendRecord stored = backends.create(Authors.of(ctx), requests.parseCreate(RequestBody.read(ctx)));
            ctx.header("Location", "/api/backends/" + stored.id());
            json.send(ctx, 201, view(stored));
        });
        routes.get("/api/backends/{id}", ctx -> send(ctx, json, backends.getVersioned(PathNumbers.backendId(ctx))));
        routes.patch("/api/backends/{id}", ctx -> update(ctx, requests, json));
        routes.delete("/api/backends/{id}", ctx -> {
            long id = PathNumbers.backendId(ctx);
            backends.delete(Authors.of(ctx), id, ConfigRoutes.ifMatch(ctx.header("If-Match")));
            ctx.status(204);
        });
    }

    private void update(Context ctx, BackendRequests requests, JsonReplies json) {
        long id = PathNumbers.backendId(ctx);
        Long ifMatch = ConfigRoutes.ifMatch(ctx.header("If-Match"));
        BackendRequests.Patch patch = requests.parsePatch(RequestBody.read(ctx));
        send(ctx, json, backends.update(Authors.of(ctx), id, ifMatch, patch));
    }

    private void send(Context ctx, JsonReplies json, BackendService.Versioned backend) {
        ctx.header("ETag", ConfigRoutes.tag(backend.version()));
        json.send(ctx, 200, view(backend.backend()));
    }

    private BackendView view(BackendRecord record) {
        return BackendView.of(record, pool.health(record.id()), pool.load(record.id()),
                traffic.lastMinute(record.id()), tlsUnverified);
    }
}
