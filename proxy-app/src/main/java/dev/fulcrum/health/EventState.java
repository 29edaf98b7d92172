package dev.fulcrum.health;

import dev.fulcrum.pool.HealthState;
import java.util.Locale;

/**
 * The states a backend's history moves between: its health, plus what the control plane does to it. Stored and shown
 * by {@link #label()}, the lower-case word ({@code up}, {@code disabled}, ...).
 */
public enum EventState {
    /** Before a backend was added. */
    NONE,
    UNKNOWN,
    UP,
    DOWN,
    EJECTED,
    /** Switched off through the admin API. */
    DISABLED,
    /** Taking no new requests through the admin API while its requests in flight finish. */
    DRAINING,
    /** Draining, with no request in flight any more: safe to stop. */
    DRAINED,
    REMOVED;

    /** The state a backend with this health is in. */
    public static EventState of(HealthState health) {
        return switch (health) {
            case UNKNOWN -> UNKNOWN;
            case UP -> UP;
            case DOWN -> DOWN;
            case EJECTED -> EJECTED;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
