package dev.fulcrum.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/** Headers on every answer of the admin port, so the page cannot be framed, sniffed or made to run foreign code. */
final class SecurityHeaders implements Handler {

    /** Only the page's own files may run or load; nothing inline, nothing from elsewhere, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";

    @Override
    public void handle(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }
}
