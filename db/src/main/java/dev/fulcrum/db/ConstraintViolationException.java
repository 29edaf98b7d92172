package dev.fulcrum.db;

/**
 * The database refused a value (too long for its column, outside a check, missing): the request was at fault, not
 * the database, so callers answer 400 naming {@link #field()}, never "database unavailable". Validation at the edge
 * should have caught it first; this is the net under it.
 */
public final class ConstraintViolationException extends RuntimeException {

    private final String field;

    public ConstraintViolationException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The {@link BackendRecord} component at fault ({@code name}, {@code url}, ...), or null if none is known. */
    public String field() {
        return field;
    }
}
