package dev.fulcrum.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Locale;

/**
 * A request body must be declared JSON (415 otherwise). Browsers send other types cross-site without asking first (a
 * "simple" request); JSON makes them ask (CORS preflight), and this server never says yes, so another site's page
 * cannot change backends through a visitor's browser.
 */
final class JsonBodyRequirement implements Handler {

    @Override
    public void handle(Context ctx) {
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        String type = ctx.header("Content-Type");
        if (hasBody && (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
            throw new ApiError(415, "send the body as Content-Type: application/json", null);
        }
    }
}
