package dev.fulcrum.webhook;

import dev.fulcrum.pool.Backend;
import java.time.Instant;

/**
 * One event about one backend, as webhooks are told it: the backend as it was configured then (so a removed one is
 * still named), the states before and after, why, and when.
 */
record Notice(WebhookEvent event, long backendId, String backendName, String backendUrl, String from, String to,
              String reason, Instant at) {

    static Notice of(WebhookEvent event, Backend backend, String from, String to, String reason, Instant at) {
        return new Notice(event, backend.id(), backend.name(), backend.url().toString(), from, to, reason, at);
    }
}
