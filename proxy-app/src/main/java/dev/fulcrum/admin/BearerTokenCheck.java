package dev.fulcrum.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;

/**
 * Refuses an {@code /api} call without {@code Authorization: Bearer TOKEN} (401), checked against every configured
 * admin token in constant time, so response timing reveals nothing about how much of a guess was right. The token's
 * name is kept on the request as its author ({@link Authors}).
 */
final class BearerTokenCheck implements Handler {

    private final AdminTokens tokens;

    BearerTokenCheck(AdminTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void handle(Context ctx) {
        String name = nameOf(ctx.header("Authorization"));
        if (name == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "missing or wrong admin token: send Authorization: Bearer TOKEN", null);
        }
        ctx.attribute(Authors.TOKEN_NAME, name);
    }

    /** The name of the token the header carries, or null when it carries none of them. */
    String nameOf(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return tokens.nameOf(authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }
}
