package dev.fulcrum.admin;

/**
 * Where the admin API listens, and its tokens.
 *
 * @param tokens the named bearer tokens, one of which every {@code /api} call must present; none (or null) for
 *     loopback only, without a token
 */
public record AdminSettings(String host, int port, AdminTokens tokens) {

    public AdminSettings {
        tokens = tokens == null ? AdminTokens.NONE : tokens;
    }
}
