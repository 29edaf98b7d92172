package dev.fulcrum.health;

import java.time.Duration;

/**
 * Passive ejection: after {@code after} consecutive connect failures or timeouts on live traffic, a backend is out
 * for {@code time}, doubled each time it is ejected again soon after coming back, up to {@code maxTime}.
 */
public record EjectionSettings(int after, Duration time, Duration maxTime) {

    public static final EjectionSettings DEFAULTS = new EjectionSettings(5, Duration.ofSeconds(30), Duration.ofMinutes(5));

    public EjectionSettings {
        if (after < 1 || after > 1000) {
            throw new IllegalArgumentException("eject-after must be between 1 and 1000: " + after);
        }
        if (time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("eject-time must be positive: " + time);
        }
        if (maxTime.compareTo(time) < 0) {
            throw new IllegalArgumentException("the longest ejection must not be shorter than eject-time");
        }
    }
}
