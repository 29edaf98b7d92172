package dev.fulcrum.proxy;

/**
 * Looks through an exchange's failure and its causes: Jetty wraps the failure that matters (a refused connect, a
 * timeout, a parser's complaint) at a depth that depends on where it struck.
 */
final class Causes {

    private Causes() {
    }

    /**
     * The first throwable in the cause chain of {@code failure} that is a {@code type} (a class, or an interface such
     * as Jetty's {@code HttpException}), or {@code null}.
     */
    static <T> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
