package dev.fulcrum.admin;

import dev.fulcrum.db.Author;
import dev.fulcrum.db.DeliveryRecord;
import dev.fulcrum.db.NewWebhook;
import dev.fulcrum.db.WebhookChanges;
import dev.fulcrum.db.WebhookRecord;
import dev.fulcrum.db.WebhookRepository;
import dev.fulcrum.webhook.WebhookDispatcher;
import dev.fulcrum.webhook.WebhookEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks' write path, the one place they are changed: each change goes through the {@link ConfigWriter}, which
 * commits it to stable storage with its revision (kind {@code webhook}, without the secret: {@link WebhookItem})
 * before it is answered, a removed webhook's secret kept for a revert or a restore to bring back, and then has the
 * {@link WebhookDispatcher} deliver by the stored webhooks. A change the database refuses stores nothing and is
 * answered 503. Also the reads of the API, and the test event.
 */
public final class WebhookService {

    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);

    private final WebhookRepository repository;
    private final ConfigWriter writer;
    private final WebhookDispatcher dispatcher;

    public WebhookService(WebhookRepository repository, ConfigWriter writer, WebhookDispatcher dispatcher) {
        this.repository = repository;
        this.writer = writer;
        this.dispatcher = dispatcher;
    }

    public List<WebhookRecord> list() {
        return repository.list();
    }

    public WebhookRecord get(long id) {
        return repository.find(id).orElseThrow(() -> noWebhook(id));
    }

    public WebhookRecord create(Author author, WebhookRequests.Create request) {
        NewWebhook webhook = new NewWebhook(request.url(), WebhookEvent.stored(request.events()), request.secret(),
                request.enabled());
        WebhookRecord stored = writer.write(author, null, ConfigWriter.Description.of("webhook.create"),
                (change, before) -> change.createWebhook(webhook)).value();
        log.info("webhook {} added: {} for {}{}", stored.id(), stored.url(), stored.events(),
                stored.secret() == null ? "" : ", signed");
        return stored;
    }

    public WebhookRecord update(Author author, long id, WebhookRequests.Patch patch) {
        WebhookChanges changes = new WebhookChanges(patch.url(), patch.events().map(WebhookEvent::stored),
                patch.secret(), patch.enabled());
        WebhookRecord stored = writer.write(author, null, ConfigWriter.Description.of("webhook.update"),
                (change, before) -> change.updateWebhook(id, changes).orElseThrow(() -> noWebhook(id))).value();
        log.info("webhook {} changed: {} for {}{}{}", stored.id(), stored.url(), stored.events(),
                stored.secret() == null ? "" : ", signed", stored.enabled() ? "" : ", disabled");
        return stored;
    }

    public void delete(Author author, long id) {
        writer.write(author, null, ConfigWriter.Description.of("webhook.delete"), (change, before) -> {
            if (!change.deleteWebhook(id)) {
                throw noWebhook(id);
            }
            return null;
        });
        log.info("webhook {} removed, with its deliveries", id);
    }

    /** A webhook's deliveries with their tries, newest first. */
    public List<DeliveryRecord> deliveries(long id, Long beforeId, int limit) {
        get(id);
        return repository.deliveries(id, beforeId, limit);
    }

    /** Stores a test event for the webhook, due at once. */
    public DeliveryRecord test(long id) {
        return dispatcher.sendTest(get(id));
    }

    static ApiError noWebhook(Object id) {
        return new ApiError(404, "no webhook with id " + id, "id");
    }
}
