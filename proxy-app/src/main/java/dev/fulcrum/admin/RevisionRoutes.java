package dev.fulcrum.admin;

import dev.fulcrum.db.ConfigStore;
import dev.fulcrum.db.Revision;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /api/revisions}: the change history, newest first a page at a time (or only one backend's), one revision
 * with the diff of each item it touched, and the two ways back: revert one revision, or restore the whole
 * configuration to right after one. Both are new revisions; history is never rewritten.
 */
public final class RevisionRoutes implements RouteGroup {

    /** One revision as the API shows it: who, when, from where, what kind of change, and each item's diff. */
    record RevisionView(long revision, String at, String author, String client, String requestId, String action,
                        String summary, Long sourceRevision, List<ItemChange> changes) {
    }

    /** {@code GET /api/revisions}; {@code next} is the {@code before} of the next page, null on the last. */
    record RevisionsPage(List<RevisionView> items, Long next) {
    }

    private final ConfigStore store;
    private final ConfigService config;
    private final ConfigWriter writer;

    public RevisionRoutes(ConfigStore store, ConfigService config, ConfigWriter writer) {
        this.store = store;
        this.config = config;
        this.writer = writer;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        routes.get("/api/revisions", ctx -> json.send(ctx, 200, page(ctx.queryParam("backend"),
                ctx.queryParam("before"), ctx.queryParam("limit"))));
        routes.get("/api/revisions/{revision}", ctx -> json.send(ctx, 200,
                view(store.find(number(ctx)).orElseThrow(() -> ConfigService.noRevision(number(ctx))))));
        routes.post("/api/revisions/{revision}/revert", ctx -> json.send(ctx, 200,
                config.revert(Authors.of(ctx), number(ctx), force(ctx.queryParam("force")))));
        routes.post("/api/revisions/{revision}/restore", ctx -> json.send(ctx, 200,
                config.restore(Authors.of(ctx), number(ctx))));
    }

    RevisionsPage page(String backendParam, String beforeParam, String limitParam) {
        Long backend = backendParam == null ? null : QueryParams.positive(backendParam, "backend");
        Long before = beforeParam == null ? null : QueryParams.positive(beforeParam, "before");
        int limit = QueryParams.limit(limitParam, 50);
        List<Revision> page = store.page(backend == null ? null : BackendItem.KIND, backend == null ? 0 : backend,
                before, limit);
        return new RevisionsPage(page.stream().map(this::view).toList(),
                page.size() == limit ? page.get(page.size() - 1).number() : null);
    }

    private RevisionView view(Revision revision) {
        return new RevisionView(revision.number(), revision.madeAt().toString(), revision.author(), revision.client(),
                revision.requestId(), revision.action(), revision.summary(), revision.sourceRevision(),
                writer.changes(revision.touched()));
    }

    /** The revision number a path names: a whole number above zero, or a 404. */
    private static long number(Context ctx) {
        return PathNumbers.of(ctx, "revision", ConfigService::noRevision);
    }

    private static boolean force(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiError.badField("force", "force must be true or false");
    }
}
