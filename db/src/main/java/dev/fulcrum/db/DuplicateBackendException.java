package dev.fulcrum.db;

import java.sql.SQLException;
import java.util.Locale;

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

    /** The duplicate behind a failed statement (SQLState 23505 on a named constraint), or null if it is not one. */
    static DuplicateBackendException from(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                String message = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("backend_name_uq")) {
                    return new DuplicateBackendException("name", failure);
                }
                if (message.contains("backend_url_uq")) {
                    return new DuplicateBackendException("url", failure);
                }
            }
        }
        return null;
    }
}
