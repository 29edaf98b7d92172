package dev.fulcrum.db;

import java.time.Instant;

/** A stored backend, one row of {@code backend}. */
public record BackendRecord(long id, String name, String url, int weight, boolean enabled, Instant createdAt,
                            Instant updatedAt) {
}
