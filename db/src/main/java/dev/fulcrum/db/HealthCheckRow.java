package dev.fulcrum.db;

import java.time.Instant;

/** One probe result, one row of {@code health_check}; status 0 means no response arrived. */
public record HealthCheckRow(long backendId, Instant checkedAt, boolean passed, int status, int latencyMs,
                             String error) {
}
