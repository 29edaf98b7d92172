package dev.fulcrum.health;

import java.time.Instant;

/**
 * A change in a backend's state and why it happened, as kept in the health history: {@code active: 3 consecutive
 * failures: connection refused}, {@code passive: 5 consecutive connect failures}, {@code admin: disabled},
 * {@code added}, {@code removed}.
 *
 * @param from the state before ({@code up}, {@code down}, {@code unknown}, {@code ejected}, {@code disabled}, or
 *     {@code none} for a backend just added)
 * @param to the state after (the same words, or {@code removed})
 */
public record HealthEvent(long backendId, Instant at, String from, String to, String reason) {
}
