package dev.fulcrum.admin;

/**
 * A request the admin API refuses, with the status to answer and, where one field is to blame, its name. Rendered as
 * {@code {"error": "...", "field": "..."}}; never carries a stack trace to the client.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String field;

    public ApiError(int status, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public static ApiError badField(String field, String message) {
        return new ApiError(400, message, field);
    }

    /** The one 404 for a backend id, as the path gave it, that names no stored backend. */
    public static ApiError noBackend(Object id) {
        return new ApiError(404, "no backend with id " + id, "id");
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
