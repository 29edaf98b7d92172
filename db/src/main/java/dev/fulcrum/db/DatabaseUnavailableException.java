package dev.fulcrum.db;

/**
 * The database could not carry out a call (gone, closed, unreachable, failing). The transaction was rolled back, so
 * nothing is half-written; callers answer 503 or keep serving from memory.
 */
public final class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
