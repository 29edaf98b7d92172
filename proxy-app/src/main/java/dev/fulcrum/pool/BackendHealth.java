package dev.fulcrum.pool;

import java.time.Instant;

/**
 * The health checker's latest conclusion about one backend, as the admin API shows it.
 *
 * @param lastCheck when the last probe finished, or {@code null} before the first one
 * @param latencyMillis the last probe's latency, or -1 before the first one
 * @param lastError the last failed probe's reason, or {@code null} if the last probe passed
 */
public record BackendHealth(HealthState state, Instant lastCheck, long latencyMillis, String lastError) {

    public static final BackendHealth UNCHECKED = new BackendHealth(HealthState.UNKNOWN, null, -1, null);
}
