package dev.fulcrum.db;

import java.time.Instant;

/**
 * A stored webhook. {@code events} is the stored list of event names (comma-separated) or {@code all}; {@code secret}
 * is null for unsigned deliveries.
 */
public record WebhookRecord(long id, String url, String events, String secret, boolean enabled, Instant createdAt,
                            Instant updatedAt) {
}
