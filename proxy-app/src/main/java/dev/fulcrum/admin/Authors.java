package dev.fulcrum.admin;

import dev.fulcrum.db.Author;
import dev.fulcrum.values.RequestIdFormat;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Who an API call is, for the change history: the name of the token it presented ({@link BearerTokenCheck}), or
 * {@value Author#LOCAL} for a call without one (which the server takes only on loopback); the client's address; and
 * the request's id. As a filter it gives every call its id, the client's own {@code X-Request-Id} when usable, and
 * answers with it.
 */
final class Authors implements Handler {

    static final String TOKEN_NAME = "dev.fulcrum.admin.tokenName";
    private static final String REQUEST_ID = "dev.fulcrum.admin.requestId";

    @Override
    public void handle(Context ctx) {
        String id = RequestIdFormat.choose(ctx.header(RequestIdFormat.HEADER));
        ctx.attribute(REQUEST_ID, id);
        ctx.header(RequestIdFormat.HEADER, id);
    }

    static Author of(Context ctx) {
        String name = ctx.attribute(TOKEN_NAME);
        return new Author(name == null ? Author.LOCAL : name, ctx.ip(), ctx.attribute(REQUEST_ID));
    }
}
