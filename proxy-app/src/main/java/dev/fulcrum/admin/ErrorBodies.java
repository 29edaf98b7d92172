package dev.fulcrum.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one shape of every error the admin port answers: {@code {"error": "...", "field": "..."}}. */
final class ErrorBodies {

    /** An error as the API renders it; {@code field} names the request field at fault, or is null. */
    record ErrorBody(String error, String field) {
    }

    private final ObjectMapper json;

    ErrorBodies(ObjectMapper json) {
        this.json = json;
    }

    byte[] of(String message, String field) {
        try {
            return json.writeValueAsBytes(new ErrorBody(message, field));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render an error", e);
        }
    }
}
