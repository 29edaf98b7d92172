package dev.fulcrum.admin;

import io.javalin.http.Context;

/** The backend id a route's path names: a whole number above zero, or a 404 ({@link ApiError#noBackend}). */
final class BackendIds {

    private BackendIds() {
    }

    static long of(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // handled below: an id that is not a number names no backend
        }
        throw ApiError.noBackend(raw);
    }
}
