package dev.fulcrum.db;

/** Another backend already has this name or url; {@link #field()} says which, so the API can name it. */
public final class DuplicateBackendException extends RuntimeException {

    private final String field;

    public DuplicateBackendException(String field, Throwable cause) {
        super("a backend with this " + field + " already exists", cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
