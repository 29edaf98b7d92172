package dev.fulcrum.pool;

/**
 * What the health checker last concluded about a backend. {@code UNKNOWN} backends are routable, as in HAProxy:
 * a freshly added backend takes traffic at once, and retries cover the case where it turns out to be dead.
 */
public enum HealthState {
    UNKNOWN,
    UP,
    DOWN;

    public boolean routable() {
        return this != DOWN;
    }
}
