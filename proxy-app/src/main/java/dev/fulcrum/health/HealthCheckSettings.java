package dev.fulcrum.health;

import dev.fulcrum.values.HealthPaths;
import java.time.Duration;
import java.util.Objects;

/**
 * How backends are probed. Validated when built, so a bad value stops start-up instead of surfacing as a checker
 * that silently never runs.
 */
public record HealthCheckSettings(String path, Duration interval, Duration timeout, int rise, int fall) {

    public static final HealthCheckSettings DEFAULTS =
            new HealthCheckSettings("/health", Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3);

    public HealthCheckSettings {
        Objects.requireNonNull(path, "path");
        try {
            HealthPaths.check(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("health path '" + path + "' " + e.getMessage());
        }
        requirePositive(interval, "health interval");
        requirePositive(timeout, "health timeout");
        if (rise < 1 || rise > 100) {
            throw new IllegalArgumentException("rise must be between 1 and 100: " + rise);
        }
        if (fall < 1 || fall > 100) {
            throw new IllegalArgumentException("fall must be between 1 and 100: " + fall);
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }
}
