package dev.fulcrum.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks {@code Authorization: Bearer TOKEN} against the configured admin token in constant time, so response timing
 * reveals nothing about how much of a guess was right.
 */
final class BearerTokenCheck {

    private final byte[] expected;

    BearerTokenCheck(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
