package dev.fulcrum.db;

import java.time.Instant;

/**
 * A minute of one backend's checks by one instance, summed, so that long ranges read a row a minute (per instance)
 * instead of every probe. Each instance adds only to its own minutes, so instances never contend for a row.
 */
public record RollupRow(long backendId, Instant minuteStart, int checks, int failures, int minLatencyMs, int maxLatencyMs,
                        long sumLatencyMs, String instanceId) {

    public double avgLatencyMs() {
        return checks == 0 ? 0 : sumLatencyMs / (double) checks;
    }
}
