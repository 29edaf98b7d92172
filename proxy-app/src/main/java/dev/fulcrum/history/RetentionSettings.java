package dev.fulcrum.history;

import java.time.Duration;

/**
 * How long each kind of history is kept. Raw results are the largest by far, so they go first; rollups keep long
 * ranges readable after that. Revisions of the configuration are kept for {@code revisions}, and the latest thousand
 * whatever their age.
 */
public record RetentionSettings(Duration checks, Duration rollups, Duration events, Duration revisions) {

    public static final Duration KEEP_REVISIONS = Duration.ofDays(365);

    public static final RetentionSettings DEFAULTS =
            new RetentionSettings(Duration.ofHours(24), Duration.ofDays(30), Duration.ofDays(90), KEEP_REVISIONS);

    /** Revisions kept for the default 365 days. */
    public RetentionSettings(Duration checks, Duration rollups, Duration events) {
        this(checks, rollups, events, KEEP_REVISIONS);
    }

    public RetentionSettings {
        for (Duration d : new Duration[] {checks, rollups, events, revisions}) {
            if (d.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("history must be kept for at least 1m: " + d);
            }
        }
        if (rollups.compareTo(checks) < 0) {
            throw new IllegalArgumentException("rollups must be kept at least as long as raw checks");
        }
    }
}
