package dev.fulcrum.admin;

import dev.fulcrum.db.AttemptRecord;
import dev.fulcrum.db.DeliveryRecord;
import dev.fulcrum.db.WebhookRecord;
import dev.fulcrum.webhook.WebhookEvent;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/webhooks}: list, create, read, change and remove webhooks, each answered as a {@link WebhookView} (the
 * secret never shown, only whether one is set); a webhook's deliveries with each try; a test event.
 */
public final class WebhookRoutes implements RouteGroup {

    /** A webhook as the API shows it. */
    record WebhookView(long id, String url, List<String> events, boolean secretSet, boolean enabled,
                       String createdAt, String updatedAt) {

        static WebhookView of(WebhookRecord record) {
            return new WebhookView(record.id(), record.url(), WebhookEvent.shown(record.events()),
                    record.secret() != null, record.enabled(), record.createdAt().toString(),
                    record.updatedAt().toString());
        }
    }

    /** One delivery: what it was about, its state, and each try. */
    record DeliveryView(long id, String eventId, String event, Long backendId, int coalesced, String state,
                        String createdAt, String nextAttemptAt, String finishedAt, List<AttemptView> attempts) {

        static DeliveryView of(DeliveryRecord record) {
            return new DeliveryView(record.id(), record.eventId(), record.event(), record.backendId(),
                    record.coalesced(), record.state(), record.createdAt().toString(),
                    DeliveryRecord.PENDING.equals(record.state()) ? text(record.nextAttemptAt()) : null,
                    text(record.finishedAt()), record.tries().stream().map(AttemptView::of).toList());
        }
    }

    /** One try: the receiver's status (0 for none), why it failed, and how long it took. */
    record AttemptView(String at, int status, String error, int durationMs) {

        static AttemptView of(AttemptRecord record) {
            return new AttemptView(record.attemptedAt().toString(), record.status(), record.error(),
                    record.durationMs());
        }
    }

    /** {@code GET /api/webhooks/{id}/deliveries}: newest first; {@code next} is the next page's cursor. */
    record DeliveriesPage(List<DeliveryView> items, Long next) {
    }

    private final WebhookService webhooks;

    public WebhookRoutes(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        WebhookRequests requests = new WebhookRequests(json.mapper());
        routes.get("/api/webhooks", ctx -> json.send(ctx, 200, webhooks.list().stream().map(WebhookView::of)
                .toList()));
        routes.post("/api/webhooks", ctx -> {
            WebhookRecord stored = webhooks.create(Authors.of(ctx), requests.parseCreate(RequestBody.read(ctx)));
            ctx.header("Location", "/api/webhooks/" + stored.id());
            json.send(ctx, 201, WebhookView.of(stored));
        });
        routes.get("/api/webhooks/{id}", ctx -> json.send(ctx, 200, WebhookView.of(webhooks.get(id(ctx)))));
        routes.patch("/api/webhooks/{id}", ctx -> {
            long id = id(ctx);
            WebhookRequests.Patch patch = requests.parsePatch(RequestBody.read(ctx));
            json.send(ctx, 200, WebhookView.of(webhooks.update(Authors.of(ctx), id, patch)));
        });
        routes.delete("/api/webhooks/{id}", ctx -> {
            webhooks.delete(Authors.of(ctx), id(ctx));
            ctx.status(204);
        });
        routes.get("/api/webhooks/{id}/deliveries", ctx -> {
            long id = id(ctx);
            Long before = ctx.queryParam("before") == null ? null
                    : QueryParams.positive(ctx.queryParam("before"), "before");
            int limit = QueryParams.limit(ctx.queryParam("limit"), 50);
            List<DeliveryRecord> page = webhooks.deliveries(id, before, limit);
            json.send(ctx, 200, new DeliveriesPage(page.stream().map(DeliveryView::of).toList(),
                    page.size() == limit ? page.get(page.size() - 1).id() : null));
        });
        routes.post("/api/webhooks/{id}/test", ctx -> {
            DeliveryRecord test = webhooks.test(id(ctx));
            json.send(ctx, 202, DeliveryView.of(test));
        });
    }

    private static long id(Context ctx) {
        return PathNumbers.of(ctx, "id", WebhookService::noWebhook);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
