package dev.fulcrum.db;

import java.time.Instant;

/**
 * One state change, one row of {@code health_event}; {@code id} is 0 until stored. {@code instanceId} is the instance
 * that saw it or made it ({@code ""} for events stored before instances had ids).
 */
public record HealthEventRow(long id, long backendId, Instant occurredAt, String fromState, String toState,
                             String reason, String instanceId) {
}
