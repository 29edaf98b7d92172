package dev.fulcrum.admin;

/**
 * Where the admin API listens, and its token.
 *
 * @param token the bearer token every {@code /api} call must present, or {@code null} for none (loopback only)
 */
public record AdminSettings(String host, int port, String token) {
}
