package dev.fulcrum.health;

import java.time.Instant;

/**
 * The outcome of one health probe of one backend.
 *
 * @param status the HTTP status, or 0 when no response arrived
 * @param error a short reason when the probe failed ({@code connection refused}, {@code timeout after 2s},
 *     {@code HTTP 503}), else {@code null}
 */
public record ProbeResult(long backendId, Instant finishedAt, boolean passed, int status, long latencyMillis,
                          String error) {
}
