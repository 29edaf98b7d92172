package dev.fulcrum.pool;

import java.util.Locale;

/**
 * What the health checker last concluded about a backend. {@code UNKNOWN} backends are routable, as in HAProxy:
 * a freshly added backend takes traffic at once, and retries cover the case where it turns out to be dead.
 * {@code EJECTED} is set by live traffic (passive checks), {@code DOWN} by the active checker.
 */
public enum HealthState {
    UNKNOWN,
    UP,
    DOWN,
    EJECTED;

    public boolean routable() {
        return this == UNKNOWN || this == UP;
    }

    /** The lower-case form used in the API, the events and the logs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
