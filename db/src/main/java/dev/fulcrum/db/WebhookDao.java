package dev.fulcrum.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL for the webhook tables; used only inside {@link WebhookRepository}'s transactions. */
@RegisterConstructorMapper(WebhookRecord.class)
@RegisterConstructorMapper(WebhookDao.DeliveryRow.class)
@RegisterConstructorMapper(AttemptRecord.class)
interface WebhookDao {

    /** A delivery as its row holds it; its tries are read apart. */
    record DeliveryRow(long id, long webhookId, String eventId, String event, Long backendId, String payload,
                       int coalesced, String state, int attempts, Instant createdAt, Instant nextAttemptAt,
                       Instant finishedAt) {

        DeliveryRecord record() {
            return new DeliveryRecord(id, webhookId, eventId, event, backendId, payload, coalesced, state, attempts,
                    createdAt, nextAttemptAt, finishedAt, List.of());
        }
    }

    String COLUMNS = "id, url, events, secret, enabled, created_at, updated_at";
    String DELIVERY = "d.id, d.webhook_id, d.event_id, d.event, d.backend_id, d.payload, d.coalesced, d.state,"
            + " d.attempts, d.created_at, d.next_attempt_at, d.finished_at";

    @SqlQuery("SELECT " + COLUMNS + " FROM webhook ORDER BY id")
    List<WebhookRecord> list();

    @SqlQuery("SELECT " + COLUMNS + " FROM webhook WHERE id = :id")
    Optional<WebhookRecord> find(@Bind("id") long id);

    @SqlUpdate("INSERT INTO webhook (url, events, secret, enabled, created_at, updated_at)"
            + " VALUES (:w.url, :w.events, :w.secret, :w.enabled, :now, :now)")
    @GetGeneratedKeys("id")
    long insert(@BindMethods("w") NewWebhook webhook, @Bind("now") Instant now);

    @SqlUpdate("INSERT INTO webhook (id, url, events, secret, enabled, created_at, updated_at)"
            + " VALUES (:id, :w.url, :w.events, :w.secret, :w.enabled, :now, :now)")
    void insertWithId(@Bind("id") long id, @BindMethods("w") NewWebhook webhook, @Bind("now") Instant now);

    @SqlUpdate("UPDATE webhook SET url = :w.url, events = :w.events, secret = :w.secret, enabled = :w.enabled,"
            + " updated_at = :now WHERE id = :id")
    int update(@Bind("id") long id, @BindMethods("w") NewWebhook values, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM webhook WHERE id = :id")
    int delete(@Bind("id") long id);

    @SqlUpdate("INSERT INTO webhook_tombstone (id, secret, removed_at) VALUES (:id, :secret, :now)")
    void insertTombstone(@Bind("id") long id, @Bind("secret") String secret, @Bind("now") Instant now);

    @SqlQuery("SELECT secret FROM webhook_tombstone WHERE id = :id")
    Optional<String> tombstone(@Bind("id") long id);

    @SqlUpdate("DELETE FROM webhook_tombstone WHERE id = :id")
    int deleteTombstone(@Bind("id") long id);

    /** Tombstones of webhooks no kept revision touches: nothing can bring those back any more. */
    @SqlUpdate("DELETE FROM webhook_tombstone WHERE NOT EXISTS (SELECT 1 FROM config_change c"
            + " WHERE c.kind = 'webhook' AND c.item_id = webhook_tombstone.id)")
    int pruneTombstones();

    @SqlUpdate("INSERT INTO webhook_delivery (webhook_id, event_id, event, backend_id, payload, coalesced, state,"
            + " attempts, created_at, next_attempt_at) VALUES (:d.webhookId, :d.eventId, :d.event, :d.backendId,"
            + " :d.payload, 1, 'pending', 0, :d.createdAt, :d.dueAt)")
    @GetGeneratedKeys("id")
    long insertDelivery(@BindMethods("d") NewDelivery delivery);

    @SqlQuery("SELECT " + DELIVERY + " FROM webhook_delivery d WHERE d.id = :id")
    Optional<DeliveryRow> delivery(@Bind("id") long id);

    /** The delivery for this webhook and backend not tried yet, if any: later events of the backend join it. */
    @SqlQuery("SELECT " + DELIVERY + " FROM webhook_delivery d WHERE d.webhook_id = :webhookId"
            + " AND d.backend_id = :backendId AND d.state = 'pending' AND d.attempts = 0"
            + " ORDER BY d.id DESC FETCH FIRST 1 ROWS ONLY")
    Optional<DeliveryRow> untried(@Bind("webhookId") long webhookId, @Bind("backendId") long backendId);

    @SqlQuery("SELECT MAX(created_at) FROM webhook_delivery WHERE webhook_id = :webhookId"
            + " AND backend_id = :backendId")
    Optional<Instant> lastCreated(@Bind("webhookId") long webhookId, @Bind("backendId") long backendId);

    @SqlUpdate("UPDATE webhook_delivery SET payload = :payload, event = :event, coalesced = :coalesced"
            + " WHERE id = :id AND state = 'pending' AND attempts = 0")
    int merge(@Bind("id") long id, @Bind("event") String event, @Bind("payload") String payload,
              @Bind("coalesced") int coalesced);

    /** Pending deliveries of enabled webhooks due by {@code now}, the earliest first. */
    @SqlQuery("SELECT " + DELIVERY + " FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
            + " WHERE d.state = 'pending' AND w.enabled = TRUE AND d.next_attempt_at <= :now"
            + " ORDER BY d.next_attempt_at, d.id FETCH FIRST <limit> ROWS ONLY")
    List<DeliveryRow> due(@Bind("now") Instant now, @Define("limit") int limit);

    @SqlQuery("SELECT MIN(d.next_attempt_at) FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
            + " WHERE d.state = 'pending' AND w.enabled = TRUE")
    Optional<Instant> nextDue();

    @SqlUpdate("UPDATE webhook_delivery SET next_attempt_at = :until WHERE id = :id AND state = 'pending'")
    int lease(@Bind("id") long id, @Bind("until") Instant until);

    @SqlUpdate("UPDATE webhook_delivery SET state = :state, attempts = attempts + 1, next_attempt_at = :next,"
            + " finished_at = :finished WHERE id = :id")
    int attempted(@Bind("id") long id, @Bind("state") String state, @Bind("next") Instant next,
                  @Bind("finished") Instant finished);

    @SqlUpdate("INSERT INTO webhook_attempt (delivery_id, attempted_at, status, error, duration_ms)"
            + " VALUES (:a.deliveryId, :a.attemptedAt, :a.status, :a.error, :a.durationMs)")
    void insertAttempt(@BindMethods("a") AttemptRecord attempt);

    @SqlQuery("SELECT " + DELIVERY + " FROM webhook_delivery d WHERE d.webhook_id = :webhookId"
            + " AND (:beforeId IS NULL OR d.id < :beforeId) ORDER BY d.id DESC FETCH FIRST <limit> ROWS ONLY")
    List<DeliveryRow> deliveries(@Bind("webhookId") long webhookId, @Bind("beforeId") Long beforeId,
                                 @Define("limit") int limit);

    @SqlQuery("SELECT delivery_id, attempted_at, status, error, duration_ms FROM webhook_attempt"
            + " WHERE delivery_id IN (<ids>) ORDER BY id")
    List<AttemptRecord> attempts(@BindList("ids") List<Long> deliveryIds);

    @SqlUpdate("DELETE FROM webhook_delivery WHERE id IN (SELECT id FROM webhook_delivery"
            + " WHERE state <> 'pending' AND finished_at < :before ORDER BY id FETCH FIRST <limit> ROWS ONLY)")
    int prune(@Bind("before") Instant before, @Define("limit") int limit);
}
