package dev.fulcrum.admin;

import static dev.fulcrum.admin.JsonObjectBody.clearable;
import static dev.fulcrum.admin.JsonObjectBody.settable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.Change;
import dev.fulcrum.pool.Algorithm;
import dev.fulcrum.pool.BalancerSettings;
import dev.fulcrum.pool.HashOn;
import java.time.Duration;
import java.util.Set;

/**
 * Turns a {@code PATCH /api/settings} body into validated changes, field by field, so every refusal names the field
 * at fault, and checks the settings they lead to as a whole ({@code hash} needs {@code hashOn}) before anything is
 * stored.
 */
final class SettingsRequests {

    /** What a PATCH asks to change: a field left out is kept; any but the algorithm sent as null is cleared (off). */
    record Patch(Change<Algorithm> algorithm, Change<HashOn> hashOn, Change<String> stickyCookie,
                 Change<Duration> slowStart) {

        /** The settings this change leads to from {@code current}; refused (400, naming the field) if invalid. */
        BalancerSettings applyTo(BalancerSettings current) {
            BalancerSettings next;
            try {
                next = new BalancerSettings(algorithm.applyTo(current.algorithm()), hashOn.applyTo(current.hashOn()),
                        stickyCookie.applyTo(current.stickyCookie()), slowStart.applyTo(current.slowStart()));
            } catch (IllegalArgumentException e) {
                throw ApiError.badField("hashOn", e.getMessage());
            }
            return next;
        }
    }

    static final Set<String> FIELDS = Set.of("algorithm", "hashOn", "stickyCookie", "slowStart");

    private final ObjectMapper json;

    SettingsRequests(ObjectMapper json) {
        this.json = json;
    }

    Patch parsePatch(byte[] body) {
        JsonNode root = JsonObjectBody.parse(json, body, FIELDS);
        if (!root.fieldNames().hasNext()) {
            throw JsonObjectBody.nothingToChange(FIELDS);
        }
        return new Patch(settable(root, "algorithm", SettingsRequests::algorithm),
                clearable(root, "hashOn", SettingsRequests::hashOn),
                clearable(root, "stickyCookie", SettingsRequests::stickyCookie),
                clearable(root, "slowStart", SettingsRequests::slowStart));
    }

    static Algorithm algorithm(JsonNode node) {
        if (!node.isTextual()) {
            throw ApiError.badField("algorithm", "algorithm must be one of " + Algorithm.labels());
        }
        try {
            return Algorithm.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("algorithm", e.getMessage());
        }
    }

    static HashOn hashOn(JsonNode node) {
        if (!node.isTextual()) {
            throw ApiError.badField("hashOn", "hashOn must be a string: header:NAME, cookie:NAME, client-ip or path");
        }
        try {
            return HashOn.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("hashOn", "hashOn " + e.getMessage());
        }
    }

    static String stickyCookie(JsonNode node) {
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw ApiError.badField("stickyCookie", "stickyCookie must be a cookie name such as \"srv\", or null for"
                    + " none");
        }
        try {
            return HashOn.checkToken(node.asText(), "stickyCookie");
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("stickyCookie", e.getMessage());
        }
    }

    static Duration slowStart(JsonNode node) {
        Duration slowStart = JsonObjectBody.duration(node, "slowStart",
                "slowStart must be a duration such as \"30s\" or \"2m\", or null for none");
        try {
            return BalancerSettings.checkSlowStart(slowStart, "slowStart");
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("slowStart", e.getMessage());
        }
    }
}
