package dev.fulcrum.db;

import java.time.Instant;

/**
 * One backend's health over a window.
 *
 * @param uptimePercent passed checks as a percentage of all checks; 0 when there were no checks (see {@code checks})
 * @param p50LatencyMs median probe latency, or null without checks
 * @param p95LatencyMs 95th percentile probe latency, or null without checks
 * @param transitions state changes within the window
 * @param lastChange the newest state change at or before the window's end, possibly older than the window; null if
 *     there never was one
 */
public record HealthSummary(long checks, long failures, double uptimePercent, Integer p50LatencyMs,
                            Integer p95LatencyMs, long transitions, Instant lastChange) {
}
