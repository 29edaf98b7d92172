package dev.fulcrum.db;

import java.time.Instant;

/**
 * One try of a delivery: the receiver's HTTP status, or 0 when none came, and then why ({@code error}).
 */
public record AttemptRecord(long deliveryId, Instant attemptedAt, int status, String error, int durationMs) {
}
