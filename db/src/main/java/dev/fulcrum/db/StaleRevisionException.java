package dev.fulcrum.db;

/**
 * A change was made on condition that the configuration still be at {@link #expected()}, and another change came
 * first ({@link #current()}): nothing was written, so the caller may look again and decide.
 */
public final class StaleRevisionException extends RuntimeException {

    private final long expected;
    private final long current;

    public StaleRevisionException(long expected, long current) {
        super("the configuration is at revision " + current + ", not " + expected);
        this.expected = expected;
        this.current = current;
    }

    public long expected() {
        return expected;
    }

    public long current() {
        return current;
    }
}
