package dev.fulcrum.db;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Webhooks and their deliveries. A change to a webhook is one transaction on stable storage when its method returns,
 * as backend changes are, so the admin API may answer it; so is a new delivery, or one that took in more events, so
 * that a restart loses no event. A try's outcome is committed without waiting for the disk: after a crash the try
 * may be made again, which receivers tell apart by the event id.
 */
public final class WebhookRepository {

    private final Transactions transactions;
    private final Clock clock;

    WebhookRepository(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    public List<WebhookRecord> list() {
        return transactions.run(handle -> dao(handle).list());
    }

    public Optional<WebhookRecord> find(long id) {
        return transactions.run(handle -> dao(handle).find(id));
    }

    public WebhookRecord create(NewWebhook webhook) {
        return transactions.runDurably(handle -> {
            WebhookDao dao = dao(handle);
            return dao.find(dao.insert(webhook, clock.instant())).orElseThrow();
        });
    }

    /** Applies the changes to the stored webhook; empty if there is no webhook with this id. */
    public Optional<WebhookRecord> update(long id, WebhookChanges changes) {
        return transactions.runDurably(handle -> update(dao(handle), id, changes, clock.instant()));
    }

    static Optional<WebhookRecord> update(WebhookDao dao, long id, WebhookChanges changes, Instant now) {
        Optional<WebhookRecord> current = dao.find(id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        WebhookRecord c = current.get();
        dao.update(id, new NewWebhook(changes.url().applyTo(c.url()), changes.events().applyTo(c.events()),
                changes.secret().applyTo(c.secret()), changes.enabled().applyTo(c.enabled())), now);
        return dao.find(id);
    }

    /** Removes the webhook and its deliveries; false if there is no webhook with this id. */
    public boolean delete(long id) {
        return transactions.runDurably(handle -> dao(handle).delete(id) > 0);
    }

    /** Stores a delivery before its first try. */
    public DeliveryRecord createDelivery(NewDelivery delivery) {
        return transactions.runDurably(handle -> {
            WebhookDao dao = dao(handle);
            return dao.delivery(dao.insertDelivery(delivery)).orElseThrow().record();
        });
    }

    /** The delivery of this webhook about this backend that has not been tried yet, if there is one. */
    public Optional<DeliveryRecord> untried(long webhookId, long backendId) {
        return transactions.run(handle -> dao(handle).untried(webhookId, backendId).map(WebhookDao.DeliveryRow::record));
    }

    /** When the last delivery of this webhook about this backend was made, if one was. */
    public Optional<Instant> lastCreated(long webhookId, long backendId) {
        return transactions.run(handle -> dao(handle).lastCreated(webhookId, backendId));
    }

    /**
     * Replaces an untried delivery's payload with one that stands for {@code coalesced} events; false, changing
     * nothing, when it has been tried meanwhile.
     */
    public boolean merge(long deliveryId, String event, String payload, int coalesced) {
        return transactions.runDurably(handle -> dao(handle).merge(deliveryId, event, payload, coalesced) > 0);
    }

    /** Pending deliveries of enabled webhooks due by {@code now}, the earliest first. */
    public List<DeliveryRecord> due(Instant now, int limit) {
        return transactions.run(handle -> dao(handle).due(now, limit).stream().map(WebhookDao.DeliveryRow::record)
                .toList());
    }

    /** When the earliest pending delivery of an enabled webhook is due, if there is one. */
    public Optional<Instant> nextDue() {
        return transactions.run(handle -> dao(handle).nextDue());
    }

    /** Marks a delivery as being tried until {@code until}, when it is due again if its try never ended. */
    public void lease(long deliveryId, Instant until) {
        transactions.run(handle -> dao(handle).lease(deliveryId, until));
    }

    /**
     * Keeps a try and the delivery's state after it: {@code pending} again, due at {@code next}; or finished,
     * {@code delivered} or {@code failed}.
     */
    public void attempted(AttemptRecord attempt, String state, Instant next) {
        transactions.run(handle -> {
            WebhookDao dao = dao(handle);
            dao.insertAttempt(attempt);
            boolean finished = !DeliveryRecord.PENDING.equals(state);
            dao.attempted(attempt.deliveryId(), state, finished ? attempt.attemptedAt() : next,
                    finished ? attempt.attemptedAt() : null);
            return null;
        });
    }

    public Optional<DeliveryRecord> delivery(long id) {
        return transactions.run(handle -> dao(handle).delivery(id).map(WebhookDao.DeliveryRow::record));
    }

    /** A webhook's deliveries with their tries, newest first, only those older than {@code beforeId} if given. */
    public List<DeliveryRecord> deliveries(long webhookId, Long beforeId, int limit) {
        return transactions.run(handle -> {
            WebhookDao dao = dao(handle);
            List<WebhookDao.DeliveryRow> rows = dao.deliveries(webhookId, beforeId, limit);
            if (rows.isEmpty()) {
                return List.of();
            }
            Map<Long, List<AttemptRecord>> tries = new HashMap<>();
            for (AttemptRecord attempt : dao.attempts(rows.stream().map(WebhookDao.DeliveryRow::id).toList())) {
                tries.computeIfAbsent(attempt.deliveryId(), id -> new ArrayList<>()).add(attempt);
            }
            return rows.stream().map(row -> row.record().withTries(tries.getOrDefault(row.id(), List.of())))
                    .toList();
        });
    }

    /** Removes up to {@code maxRows} finished deliveries that finished before {@code before}. */
    public int prune(Instant before, int maxRows) {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive");
        }
        return transactions.run(handle -> dao(handle).prune(before, maxRows));
    }

    private static WebhookDao dao(Handle handle) {
        return handle.attach(WebhookDao.class);
    }
}
