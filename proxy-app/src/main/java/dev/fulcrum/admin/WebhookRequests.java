package dev.fulcrum.admin;

import static dev.fulcrum.admin.JsonObjectBody.clearable;
import static dev.fulcrum.admin.JsonObjectBody.settable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.Change;
import dev.fulcrum.values.WebhookUrls;
import dev.fulcrum.webhook.WebhookEvent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns {@code POST} and {@code PATCH /api/webhooks} bodies into checked values, field by field, so every refusal
 * names the field at fault: an http(s) URL, known event names (or {@code "all"}), a secret of at least
 * {@value #MIN_SECRET} characters.
 */
final class WebhookRequests {

    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;
    static final Set<String> FIELDS = Set.of("url", "events", "secret", "enabled");

    /** A new webhook; {@code secret} null for unsigned deliveries. */
    record Create(String url, Set<WebhookEvent> events, String secret, boolean enabled) {
    }

    /** What a PATCH changes: a field left out is kept; {@code secret} sent as null is cleared. */
    record Patch(Change<String> url, Change<Set<WebhookEvent>> events, Change<String> secret,
                 Change<Boolean> enabled) {
    }

    private final ObjectMapper json;

    WebhookRequests(ObjectMapper json) {
        this.json = json;
    }

    Create parseCreate(byte[] body) {
        JsonNode root = JsonObjectBody.parse(json, body, FIELDS);
        JsonNode url = root.get("url");
        if (url == null || url.isNull()) {
            throw ApiError.badField("url", "url is required: where to POST events, e.g. https://hooks.example.com/x");
        }
        Set<WebhookEvent> events = JsonObjectBody.nullable(root, "events", WebhookRequests::events);
        return new Create(url(url), events == null ? EnumSet.allOf(WebhookEvent.class) : events,
                JsonObjectBody.nullable(root, "secret", WebhookRequests::secret),
                !root.has("enabled") || JsonObjectBody.bool(root.get("enabled"), "enabled"));
    }

    Patch parsePatch(byte[] body) {
        JsonNode root = JsonObjectBody.parse(json, body, FIELDS);
        if (!root.fieldNames().hasNext()) {
            throw JsonObjectBody.nothingToChange(FIELDS);
        }
        return new Patch(settable(root, "url", WebhookRequests::url),
                settable(root, "events", WebhookRequests::events),
                clearable(root, "secret", WebhookRequests::secret),
                settable(root, "enabled", node -> JsonObjectBody.bool(node, "enabled")));
    }

    static String url(JsonNode node) {
        if (!node.isTextual()) {
            throw ApiError.badField("url", "url must be a string: an http:// or https:// URL");
        }
        try {
            return WebhookUrls.parse(node.asText()).toString();
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("url", e.getMessage());
        }
    }

    static Set<WebhookEvent> events(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isTextual()) {
            names.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw ApiError.badField("events", "events must be a list of event names, or \"all\"");
                }
                names.add(item.asText());
            }
        } else {
            throw ApiError.badField("events", "events must be a list of event names, or \"all\"");
        }
        try {
            return WebhookEvent.parse(names);
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("events", e.getMessage());
        }
    }

    static String secret(JsonNode node) {
        if (!node.isTextual()) {
            throw ApiError.badField("secret", "secret must be a string of at least " + MIN_SECRET + " characters");
        }
        String secret = node.asText();
        if (secret.length() < MIN_SECRET) {
            throw ApiError.badField("secret", "secret must be at least " + MIN_SECRET + " characters long, "
                    + "so that its signatures cannot be guessed");
        }
        if (secret.length() > MAX_SECRET) {
            throw ApiError.badField("secret", "secret must be at most " + MAX_SECRET + " characters long");
        }
        return secret;
    }
}
