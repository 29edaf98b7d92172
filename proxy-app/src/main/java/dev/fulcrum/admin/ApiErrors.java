package dev.fulcrum.admin;

import dev.fulcrum.db.ConstraintViolationException;
import dev.fulcrum.db.DatabaseUnavailableException;
import dev.fulcrum.db.DuplicateBackendException;
import dev.fulcrum.db.StaleRevisionException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from what went wrong to what the client reads: each exception a route or filter throws to a status
 * and an {@code {"error", "field"}} body, and each status Javalin or Jetty answers by itself to Fulcrum's own words
 * ({@link #message}). An unexpected exception is logged here and reaches the client only as a generic 500.
 */
final class ApiErrors {

    /** Under the admin server's name, as its log lines have always been. */
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private ApiErrors() {
    }

    static void addTo(RoutesConfig routes, JsonReplies json) {
        routes.exception(ApiError.class, (e, ctx) -> json.sendError(ctx, e.status(), e.getMessage(), e.field()));
        routes.exception(DocumentProblems.Refused.class, (e, ctx) -> json.send(ctx, 400,
                new JsonReplies.DocumentErrorBody(e.getMessage(), e.problems().get(0).field(), e.problems())));
        routes.exception(StaleRevisionException.class, (e, ctx) -> json.sendError(ctx, 412, "the configuration is at "
                + "revision " + e.current() + ", not " + e.expected() + ": it changed since you read it; nothing was "
                + "applied (read or plan it again)", "If-Match"));
        routes.exception(DuplicateBackendException.class, (e, ctx) ->
                json.sendError(ctx, 409, "a backend with this " + e.field() + " already exists", e.field()));
        routes.exception(ConstraintViolationException.class, (e, ctx) -> {
            String field = "checkIntervalMs".equals(e.field()) ? "interval" : e.field();
            json.sendError(ctx, 400, e.getMessage().replace("checkIntervalMs", "interval"), field);
        });
        // Logged where it matters: a refused write by BackendReload, lost history by the HistoryWriter.
        routes.exception(DatabaseUnavailableException.class, (e, ctx) -> json.sendError(ctx, 503,
                isRead(ctx) ? "database unavailable" : "database unavailable; the change was not applied", null));
        routes.exception(HttpResponseException.class, (e, ctx) ->
                json.sendError(ctx, e.getStatus(), javalinMessage(e), null));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("admin API: {} {} failed", ctx.method(), ctx.path(), e);
            json.sendError(ctx, 500, "internal error", null);
        });
    }

    /** Fulcrum's own words for each status: Jetty's reasons may quote the request or name Jetty's internals. */
    static String message(int status) {
        return switch (status) {
            case 400 -> "malformed request (a bad request line, header or %-escape)";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 408 -> "the request took too long to arrive";
            case 413 -> "request body larger than " + RequestBody.MAX_BYTES + " bytes";
            case 414 -> "request URI longer than " + AdminServer.MAX_URI_BYTES + " bytes";
            case 431 -> "request headers larger than " + AdminServer.MAX_HEADER_BYTES + " bytes";
            case 500 -> "internal error";
            case 505 -> "HTTP version not supported";
            default -> HttpStatus.getMessage(status).toLowerCase(Locale.ROOT);
        };
    }

    /** Javalin's own refusals in the same words as Jetty's; any other keeps Javalin's message. */
    private static String javalinMessage(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404, 405, 413 -> message(e.getStatus());
            default -> e.getMessage();
        };
    }

    private static boolean isRead(Context ctx) {
        String method = ctx.req().getMethod();
        return method.equals("GET") || method.equals("HEAD");
    }
}
