package dev.fulcrum.db;

/** What a partial update of a webhook changes; the secret may be cleared (unsigned from then on). */
public record WebhookChanges(Change<String> url, Change<String> events, Change<String> secret,
                             Change<Boolean> enabled) {
}
