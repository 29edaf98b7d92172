package dev.fulcrum.db;

import java.time.Instant;

/**
 * A delivery to store before its first try, made at {@code createdAt} and due at {@code dueAt}, both by the
 * dispatcher's clock, which its retries and coalescing are timed by.
 */
public record NewDelivery(long webhookId, String eventId, String event, Long backendId, String payload,
                          Instant createdAt, Instant dueAt) {
}
