package dev.fulcrum.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The problems found in a configuration document, each at a JSON pointer (RFC 6901) to the value at fault, so that
 * a document is refused as a whole with every problem named at once rather than one per attempt.
 */
final class DocumentProblems {

    /** One problem: the pointer to the value at fault ({@code /backends/2/url}) and what is wrong with it. */
    record Problem(String field, String error) {
    }

    /** A document refused (400): nothing of it was applied. */
    static final class Refused extends RuntimeException {

        private final List<Problem> problems;

        Refused(List<Problem> problems) {
            super(problems.size() == 1 ? problems.get(0).error()
                    : problems.size() + " problems in the document; the first: " + problems.get(0).error(),
                    null, false, false);
            this.problems = List.copyOf(problems);
        }

        List<Problem> problems() {
            return problems;
        }
    }

    private final List<Problem> problems = new ArrayList<>();

    void add(String pointer, String error) {
        problems.add(new Problem(pointer, error));
    }

    /** What {@code parse} returns, or null when it refuses the value, its refusal kept at {@code pointer}. */
    <T> T check(String pointer, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ApiError e) {
            add(pointer, e.getMessage());
            return null;
        }
    }

    /** The field's value; its absence (or null) is a problem. */
    <T> T required(JsonNode node, String field, String pointer, Function<JsonNode, T> parse) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            add(member(pointer, field), field + " is required");
            return null;
        }
        return check(member(pointer, field), () -> parse.apply(value));
    }

    /** The field's value, or null when it is absent; null itself is refused by {@code parse}. */
    <T> T optional(JsonNode node, String field, String pointer, Function<JsonNode, T> parse) {
        JsonNode value = node.get(field);
        return value == null ? null : check(member(pointer, field), () -> parse.apply(value));
    }

    /** The field's value, or null when it is absent or null (the default). */
    <T> T nullable(JsonNode node, String field, String pointer, Function<JsonNode, T> parse) {
        return check(member(pointer, field),
                () -> JsonObjectBody.nullable(node, field, parse));
    }

    /** Each field of {@code node} that is not one of {@code fields}, as a problem. */
    void unknownFields(JsonNode node, List<String> fields, String pointer) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!fields.contains(field)) {
                add(member(pointer, field), "unknown field '" + field + "'; allowed: "
                        + String.join(", ", fields));
            }
        }
    }

    int size() {
        return problems.size();
    }

    /** Throws the refusal when any problem was found. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new Refused(problems);
        }
    }

    /** A pointer to a member of the object at {@code base}, escaped as RFC 6901 says ({@code ~0}, {@code ~1}). */
    static String member(String base, String name) {
        return base + "/" + name.replace("~", "~0").replace("/", "~1");
    }
}
