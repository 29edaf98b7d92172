package dev.fulcrum.db;

import java.time.Instant;

/**
 * One probe result, one row of {@code health_check}; status 0 means no response arrived. {@code instanceId} is the
 * instance that probed ({@code ""} for results stored before instances had ids).
 */
public record HealthCheckRow(long backendId, Instant checkedAt, boolean passed, int status, int latencyMs,
                             String error, String instanceId) {
}
