package dev.fulcrum.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.webhook.WebhookEvent;
import java.util.List;
import java.util.Set;

/**
 * A webhook as the configuration document writes it: every field but its secret, of which it gives no hint, so that
 * a document can be shown, kept and compared anywhere. A document sent may set a secret ({@code secret}, write-only);
 * without one, a webhook the document matches keeps the secret it has.
 */
public record WebhookEntry(String url, List<String> events, boolean enabled) {

    static final List<String> FIELDS = List.of("url", "events", "enabled", "secret");

    /**
     * A webhook of a document sent, checked as {@code POST /api/webhooks} checks one, each problem at its pointer;
     * null when any is at fault. Its secret is the one the document sets, or null for none said.
     */
    static WebhookState parse(JsonNode node, String pointer, DocumentProblems problems) {
        if (node == null || !node.isObject()) {
            problems.add(pointer, "a webhook must be an object with at least a url");
            return null;
        }
        int before = problems.size();
        problems.unknownFields(node, FIELDS, pointer);
        String url = problems.required(node, "url", pointer, WebhookRequests::url);
        Set<WebhookEvent> events = problems.optional(node, "events", pointer, WebhookRequests::events);
        Boolean enabled = problems.optional(node, "enabled", pointer, n -> JsonObjectBody.bool(n, "enabled"));
        String secret = problems.nullable(node, "secret", pointer, WebhookRequests::secret);
        if (problems.size() > before) {
            return null;
        }
        return new WebhookState(url, events == null ? WebhookEvent.ALL : WebhookEvent.stored(events),
                enabled == null || enabled, secret);
    }
}
