package dev.fulcrum.health;

import java.time.Instant;

/**
 * A change in a backend's state and why it happened, as kept in the health history: {@code active: 3 consecutive
 * failures: connection refused}, {@code passive: 5 consecutive connect failures}, {@code admin: disabled},
 * {@code added}, {@code removed}.
 *
 * @param from the state before ({@link EventState#NONE} for a backend just added)
 * @param to the state after
 */
public record HealthEvent(long backendId, Instant at, EventState from, EventState to, String reason) {
}
