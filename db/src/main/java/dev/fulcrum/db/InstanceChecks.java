package dev.fulcrum.db;

/** One instance's share of a backend's checks over a window: a part of a merged {@link HealthSummary}. */
public record InstanceChecks(String instanceId, long checks, long failures) {

    /** Passed checks as a percentage of all; 0 without checks. */
    public double uptimePercent() {
        return checks == 0 ? 0 : (checks - failures) * 100.0 / checks;
    }
}
