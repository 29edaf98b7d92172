package dev.fulcrum.db;

import java.time.Instant;

/**
 * A stored backend, one row of {@code backend}. The three health fields override the global health-check settings
 * for this backend; null means the default. A draining backend takes no new requests.
 */
public record BackendRecord(long id, String name, String url, int weight, boolean enabled, boolean draining,
                            String healthPath, String expectStatus, Integer checkIntervalMs, Instant createdAt,
                            Instant updatedAt) {
}
