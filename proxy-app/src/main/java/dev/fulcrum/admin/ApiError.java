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

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
