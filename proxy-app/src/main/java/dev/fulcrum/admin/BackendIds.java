package dev.fulcrum.admin;

import io.javalin.http.Context;
import java.util.function.Function;

/**
 * The id a route's path names: a whole number above zero, or a 404 ({@link ApiError#noBackend} for a backend's).
 */
final class BackendIds {

    private BackendIds() {
    }

    static long of(Context ctx) {
        return of(ctx, ApiError::noBackend);
    }

    /** @param missing the 404 for an id, as the path gave it, that names nothing */
    static long of(Context ctx, Function<Object, ApiError> missing) {
        String raw = ctx.pathParam("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // handled below: an id that is not a number names nothing
        }
        throw missing.apply(raw);
    }
}
