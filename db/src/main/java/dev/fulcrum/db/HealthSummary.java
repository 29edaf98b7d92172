package dev.fulcrum.db;

import java.time.Instant;
import java.util.List;

/**
 * One backend's health over a window, merged over every instance that probed it: their checks and failures are
 * summed, their latencies pooled.
 *
 * @param uptimePercent passed checks as a percentage of all checks; 0 when there were no checks (see {@code checks})
 * @param p50LatencyMs median probe latency, or null without checks
 * @param p95LatencyMs 95th percentile probe latency, or null without checks
 * @param transitions state changes within the window
 * @param lastChange the newest state change at or before the window's end, possibly older than the window; null if
 *     there never was one
 * @param byInstance each instance's share of {@code checks} and {@code failures}, which are their sums
 */
public record HealthSummary(long checks, long failures, double uptimePercent, Integer p50LatencyMs,
                            Integer p95LatencyMs, long transitions, Instant lastChange,
                            List<InstanceChecks> byInstance) {
}
