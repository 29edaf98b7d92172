package dev.fulcrum.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/** A method is what the request line says: Javalin would take this header as the method, so it is refused (400). */
final class MethodOverrideRefusal implements Handler {

    static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

    @Override
    public void handle(Context ctx) {
        if (ctx.header(METHOD_OVERRIDE) != null) {
            throw new ApiError(400, METHOD_OVERRIDE + " is not supported: send the method in the request line",
                    METHOD_OVERRIDE);
        }
    }
}
