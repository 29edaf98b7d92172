package dev.fulcrum.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Locale;

/**
 * Without a token, only a browser that addressed this server by a loopback name may use it: a page that rebinds its
 * own host name to 127.0.0.1 (DNS rebinding) still sends its own name as Host and is refused (403).
 */
final class LoopbackHostCheck implements Handler {

    @Override
    public void handle(Context ctx) {
        String host = ctx.host();
        String name = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
        if (!(name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]"))) {
            throw new ApiError(403,
                    "without an admin token the admin server answers only to localhost, 127.0.0.1 or [::1]", null);
        }
    }
}
