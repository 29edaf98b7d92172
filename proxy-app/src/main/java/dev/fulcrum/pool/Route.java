package dev.fulcrum.pool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A backend as one routing table holds it: its configuration, its live {@link BackendLoad}, its weight in this table
 * (lower while it ramps up, {@link SlowStart}), and its sticky token. Everything a request needs from its backend is
 * resolved here when the table is built, so choosing and counting cost no lookup.
 *
 * <p>The sticky token names the backend in the sticky cookie and places it on the hash ring. It is a hash of the
 * backend's id and URL: it does not reveal the address, and every instance that shares one database derives the same
 * token for the same backend.
 */
public final class Route {

    /** A route's weight is its backend's weight in hundredths, so that a ramp can give it a fraction of a weight. */
    static final int WEIGHT_UNIT = 100;

    private final Backend backend;
    private final BackendLoad load;
    private final int weight;
    private final long token;
    private final String setCookie;
    private final String secureSetCookie;

    /** @param stickyCookie the sticky cookie's name, or null when the table has none */
    Route(Backend backend, BackendLoad load, int weight, String stickyCookie) {
        this.backend = backend;
        this.load = load;
        this.weight = weight;
        this.token = token(backend);
        String cookie = stickyCookie == null ? null
                : stickyCookie + "=" + tokenText(token) + "; Path=/; HttpOnly; SameSite=Lax";
        this.setCookie = cookie;
        this.secureSetCookie = cookie == null ? null : cookie + "; Secure";
    }

    public Backend backend() {
        return backend;
    }

    public BackendLoad load() {
        return load;
    }

    /** This route's weight in the table, in hundredths of a configured weight. */
    public int weight() {
        return weight;
    }

    /** The backend's sticky token: never 0, so that 0 can mean "no token". */
    public long token() {
        return token;
    }

    /**
     * The {@code Set-Cookie} value that binds a client to this backend ({@code Secure} when the client's connection
     * is), or null when the table has no sticky cookie.
     */
    public String setCookie(boolean secure) {
        return secure ? secureSetCookie : setCookie;
    }

    /** The token of a backend: the first 64 bits of SHA-256 over its id and URL, never 0. */
    static long token(Backend backend) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(("fulcrum route " + backend.id() + " "
                    + backend.url()).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        long token = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            token = token << 8 | (digest[i] & 0xFF);
        }
        return token == 0 ? 1 : token;
    }

    /** A token as the cookie carries it: 16 lower-case hex digits. */
    public static String tokenText(long token) {
        return HexFormat.of().toHexDigits(token);
    }

    /**
     * The token written as the characters {@code [start, end)} of {@code text}, or 0 when they are not 16 hex digits
     * in the lower-case spelling {@link #tokenText} writes.
     */
    public static long parseToken(CharSequence text, int start, int end) {
        if (end - start != 16) {
            return 0;
        }
        long token = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0) {
                return 0;
            }
            token = token << 4 | digit;
        }
        return token;
    }
}
