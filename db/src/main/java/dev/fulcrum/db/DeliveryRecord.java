package dev.fulcrum.db;

import java.time.Instant;
import java.util.List;

/**
 * One delivery of an event to a webhook, as stored: the JSON it POSTs ({@code payload}), how many events it stands
 * for ({@code coalesced}), its state ({@value #PENDING}, {@value #DELIVERED} or {@value #FAILED}), when it is next
 * due, and its tries, oldest first (empty where they were not asked for).
 *
 * @param backendId the backend the event is about, or null for a test event
 */
public record DeliveryRecord(long id, long webhookId, String eventId, String event, Long backendId, String payload,
                             int coalesced, String state, int attempts, Instant createdAt, Instant nextAttemptAt,
                             Instant finishedAt, List<AttemptRecord> tries) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    public DeliveryRecord {
        tries = tries == null ? List.of() : List.copyOf(tries);
    }

    DeliveryRecord withTries(List<AttemptRecord> value) {
        return new DeliveryRecord(id, webhookId, eventId, event, backendId, payload, coalesced, state, attempts,
                createdAt, nextAttemptAt, finishedAt, value);
    }
}
