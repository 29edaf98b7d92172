package dev.fulcrum.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.List;

/**
 * How the admin API writes JSON: every answer a record, rendered by one mapper, and every error in the one shape
 * {@code {"error": "...", "field": "..."}}. The same mapper reads request bodies, refusing duplicate fields.
 */
public final class JsonReplies {

    /** An error as the API renders it; {@code field} names the request field at fault, or is null. */
    record ErrorBody(String error, String field) {
    }

    /**
     * A configuration document refused: the one error shape, {@code field} the pointer to the first value at fault,
     * and {@code problems} every one of them, each with its JSON pointer.
     */
    record DocumentErrorBody(String error, String field, List<DocumentProblems.Problem> problems) {
    }

    private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The mapper, for reading request bodies. */
    ObjectMapper mapper() {
        return json;
    }

    void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(bytes(body));
    }

    void sendError(Context ctx, int status, String message, String field) {
        ctx.status(status).contentType("application/json").result(error(message, field));
    }

    byte[] error(String message, String field) {
        return bytes(new ErrorBody(message, field));
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + body.getClass().getSimpleName(), e);
        }
    }
}
