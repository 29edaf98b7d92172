package dev.fulcrum.lang;

import java.util.function.Predicate;

/**
 * Looks through a failure and its causes: Jetty, the JDK and the database driver wrap the failure that matters (a
 * refused connect, a timeout, a parser's complaint, a bind) at a depth that depends on where it struck. The one
 * place that walks a cause chain.
 */
public final class Causes {

    private Causes() {
    }

    /**
     * The first throwable in the cause chain of {@code failure} that is a {@code type} (a class, or an interface such
     * as Jetty's {@code HttpException}), or {@code null}.
     */
    public static <T> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The first throwable in the cause chain of {@code failure} that matches, or {@code null}. */
    public static Throwable find(Throwable failure, Predicate<Throwable> matches) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (matches.test(t)) {
                return t;
            }
        }
        return null;
    }
}
