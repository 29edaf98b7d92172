package dev.fulcrum.admin;

import io.javalin.http.Context;
import java.util.function.Function;

/**
 * The number a route's path names (a backend's id, a revision): a whole number above zero, or a 404, since what is
 * not such a number names nothing.
 */
final class PathNumbers {

    private PathNumbers() {
    }

    /** The backend id of {@code {id}}, or {@link ApiError#noBackend}. */
    static long backendId(Context ctx) {
        return of(ctx, "id", ApiError::noBackend);
    }

    /** The number in path parameter {@code param}, or the 404 {@code unknown} makes of what was there. */
    static long of(Context ctx, String param, Function<String, ApiError> unknown) {
        String raw = ctx.pathParam(param);
        try {
            long number = Long.parseLong(raw);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // handled below: what is not a number names nothing
        }
        throw unknown.apply(raw);
    }
}
