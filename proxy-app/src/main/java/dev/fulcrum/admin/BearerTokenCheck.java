package dev.fulcrum.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Refuses an {@code /api} call without {@code Authorization: Bearer TOKEN} (401), checked against the configured
 * admin token in constant time, so response timing reveals nothing about how much of a guess was right.
 */
final class BearerTokenCheck implements Handler {

    private final byte[] expected;

    BearerTokenCheck(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(Context ctx) {
        if (!accepts(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "missing or wrong admin token: send Authorization: Bearer TOKEN", null);
        }
    }

    boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
