package dev.fulcrum.admin;

import io.javalin.config.RoutesConfig;

/** {@code /api/settings}: how traffic is spread (algorithm, hash key, sticky cookie, slow start), read and changed. */
public final class SettingsRoutes implements RouteGroup {

    private final SettingsService settings;

    public SettingsRoutes(SettingsService settings) {
        this.settings = settings;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        SettingsRequests requests = new SettingsRequests(json.mapper());
        routes.get("/api/settings", ctx -> json.send(ctx, 200, settings.get()));
        routes.patch("/api/settings", ctx -> json.send(ctx, 200,
                settings.update(Authors.of(ctx), requests.parsePatch(RequestBody.read(ctx)))));
    }
}
