package dev.fulcrum.db;

/**
 * Who made a configuration change, as its revision records it.
 *
 * @param name the admin token's name, {@value #LOCAL} for a call without a token (loopback only), or
 *     {@value #STARTUP} for what the command line imported at start
 * @param client the client's address, or null when the change did not come over the network
 * @param requestId the request's {@code X-Request-Id}, or null
 */
public record Author(String name, String client, String requestId) {

    /** A call without a token, which the admin server takes only on loopback. */
    public static final String LOCAL = "local";

    /** The command line at start: {@code --import} and {@code --backend}. */
    public static final String STARTUP = "startup";

    public Author {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a revision needs an author");
        }
    }

    /** What the command line changes at start. */
    public static Author startup() {
        return new Author(STARTUP, null, null);
    }
}
