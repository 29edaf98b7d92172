package dev.fulcrum.db;

import java.time.Instant;

/** A minute of one backend's checks, summed, so that long ranges read a row a minute instead of every probe. */
public record RollupRow(long backendId, Instant minuteStart, int checks, int failures, int minLatencyMs, int maxLatencyMs,
                        long sumLatencyMs) {

    public double avgLatencyMs() {
        return checks == 0 ? 0 : sumLatencyMs / (double) checks;
    }
}
