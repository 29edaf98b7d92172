package dev.fulcrum.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /api/config}: the whole configuration as one document ({@link ConfigDocument}), read ({@code GET}, with
 * its revision as the {@code ETag}), planned ({@code POST /api/config/plan}: what applying it would change, changing
 * nothing) and applied atomically as one revision ({@code PUT}), on condition of a revision with {@code If-Match}:
 * 412 when the configuration changed meanwhile.
 */
public final class ConfigRoutes implements RouteGroup {

    /** A document may hold thousands of backends, more than the other requests' 64 KB allow. */
    static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

    /** {@code 12}, {@code "12"} or {@code W/"12"}: a revision as an entity tag. */
    private static final Pattern REVISION_TAG = Pattern.compile("(?:W/)?(\"?)(\\d{1,18})\\1");

    private final ConfigService config;

    public ConfigRoutes(ConfigService config) {
        this.config = config;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        routes.get("/api/config", ctx -> {
            ConfigDocument.Rendered document = config.export();
            ctx.header("ETag", tag(document.revision()));
            ctx.status(200).contentType("application/json").result(ConfigDocument.bytes(json.mapper(), document));
        });
        routes.post("/api/config/plan", ctx -> {
            ConfigPlan plan = config.plan(document(ctx, json));
            ctx.header("ETag", tag(plan.revision()));
            json.send(ctx, 200, plan);
        });
        routes.put("/api/config", ctx -> {
            Long expected = ifMatch(ctx.header("If-Match"));
            ConfigPlan applied = config.apply(Authors.of(ctx), expected, document(ctx, json));
            ctx.header("ETag", tag(applied.revision()));
            json.send(ctx, 200, applied);
        });
    }

    private static ConfigDocument document(Context ctx, JsonReplies json) {
        return ConfigDocument.parse(json.mapper(), RequestBody.read(ctx, MAX_DOCUMENT_BYTES));
    }

    static String tag(long revision) {
        return "\"" + revision + "\"";
    }

    /** The revision {@code If-Match} names; null without the header or for {@code *} (any revision will do). */
    static Long ifMatch(String header) {
        if (header == null || header.trim().equals("*")) {
            return null;
        }
        Matcher tag = REVISION_TAG.matcher(header.trim());
        if (!tag.matches()) {
            throw ApiError.badField("If-Match", "If-Match must name one revision, as the ETag of GET /api/config "
                    + "or of GET /api/backends/{id} does: \"14\"");
        }
        return Long.parseLong(tag.group(2));
    }
}
