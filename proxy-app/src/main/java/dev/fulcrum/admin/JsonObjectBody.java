package dev.fulcrum.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.Change;
import dev.fulcrum.values.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;

/**
 * A request body that must be one JSON object of known fields, read field by field so that every refusal names the
 * field at fault: the parsing shared by the backend and settings requests.
 */
final class JsonObjectBody {

    private JsonObjectBody() {
    }

    /** The body's object; malformed JSON, anything but an object, or a field not in {@code allowed} is refused. */
    static JsonNode parse(ObjectMapper json, byte[] body, Set<String> allowed) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badField(null, "malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw ApiError.badField(null, "unreadable body");
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badField(null, "expected a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!allowed.contains(field)) {
                throw ApiError.badField(field, "unknown field '" + field + "'; allowed: " + sorted(allowed));
            }
        }
        return root;
    }

    /** The refusal of a PATCH that changes nothing. */
    static ApiError nothingToChange(Set<String> fields) {
        return ApiError.badField(null, "nothing to change: give at least one of " + sorted(fields));
    }

    /** The field's value, parsed; null when it is absent or null. */
    static <T> T nullable(JsonNode root, String field, Function<JsonNode, T> parse) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : parse.apply(node);
    }

    /** Keep when the field is absent, clear when it is null, otherwise set to its parsed value. */
    static <T> Change<T> clearable(JsonNode root, String field, Function<JsonNode, T> parse) {
        return root.has(field) ? Change.setOrClear(nullable(root, field, parse)) : Change.keep();
    }

    /** Keep when the field is absent, otherwise set to its parsed value; null is refused by {@code parse}. */
    static <T> Change<T> settable(JsonNode root, String field, Function<JsonNode, T> parse) {
        return root.has(field) ? Change.set(parse.apply(root.get(field))) : Change.keep();
    }

    /** A duration written as a string ({@code "5s"}); anything else is refused with {@code help}. */
    static Duration duration(JsonNode node, String field, String help) {
        try {
            if (node.isTextual()) {
                return Durations.parse(node.asText());
            }
        } catch (IllegalArgumentException e) {
            // refused below, in the field's own words
        }
        throw ApiError.badField(field, help);
    }

    static boolean bool(JsonNode node, String field) {
        if (!node.isBoolean()) {
            throw ApiError.badField(field, field + " must be true or false");
        }
        return node.asBoolean();
    }

    private static String sorted(Set<String> fields) {
        return String.join(", ", fields.stream().sorted().toList());
    }
}
