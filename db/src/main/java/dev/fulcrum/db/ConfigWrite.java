package dev.fulcrum.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * One configuration change in progress, inside the transaction {@link ConfigStore#write} runs it in: the writes of
 * each kind of configuration, and what the change records about itself ({@link #describe}, {@link #touched}). When
 * the work returns having touched something, its revision is stored in the same transaction; a change that fails
 * stores neither its writes nor its revision.
 *
 * <p>A write path of another kind (webhooks, say) records its items with {@link #touched} as the backends' and
 * settings' path does: that is the whole of what revisions need from it.
 */
public final class ConfigWrite extends ConfigRead {

    private final long base;
    private final Instant now;
    private final Map<String, Touched> touched = new LinkedHashMap<>();
    private String action;
    private String summary;
    private Long sourceRevision;

    ConfigWrite(Handle handle, long base, Instant now) {
        super(handle);
        this.base = base;
        this.now = now;
    }

    /** The revision this change starts from: the latest one, held still until this change ends. */
    public long revision() {
        return base;
    }

    /** Stores a new backend under a new id; its url must be free (else {@link DuplicateBackendException}). */
    public BackendRecord createBackend(NewBackend backend) {
        return BackendRepository.create(backendDao(), backend, now);
    }

    /**
     * Stores a backend again under the id it had before it was removed, so that its health history goes on; the id
     * must be one this database handed out.
     */
    public BackendRecord restoreBackend(long id, NewBackend backend) {
        BackendDao dao = backendDao();
        if (dao.findByUrl(backend.url()).isPresent()) {
            throw new DuplicateBackendException("url", null);
        }
        dao.insertWithId(id, backend, now);
        return dao.find(id).orElseThrow();
    }

    /** Applies the changes to the stored backend; empty if there is no backend with this id. */
    public Optional<BackendRecord> updateBackend(long id, BackendChanges changes) {
        return BackendRepository.update(backendDao(), id, changes, now);
    }

    public boolean deleteBackend(long id) {
        return backendDao().delete(id) > 0;
    }

    /** Stores a new webhook under a new id. */
    public WebhookRecord createWebhook(NewWebhook webhook) {
        WebhookDao dao = webhookDao();
        return dao.find(dao.insert(webhook, now)).orElseThrow();
    }

    /** Applies the changes to the stored webhook; empty if there is no webhook with this id. */
    public Optional<WebhookRecord> updateWebhook(long id, WebhookChanges changes) {
        return WebhookRepository.update(webhookDao(), id, changes, now);
    }

    /**
     * Stores a webhook again under the id it had before it was removed, with the secret given; its tombstone goes.
     * The id must be one this database handed out.
     */
    public WebhookRecord restoreWebhook(long id, NewWebhook webhook) {
        WebhookDao dao = webhookDao();
        dao.deleteTombstone(id);
        dao.insertWithId(id, webhook, now);
        return dao.find(id).orElseThrow();
    }

    /**
     * Removes the webhook and its deliveries, keeping its secret, if it had one, in a tombstone
     * ({@link #removedWebhookSecret}); false if there is no webhook with this id.
     */
    public boolean deleteWebhook(long id) {
        WebhookDao dao = webhookDao();
        Optional<WebhookRecord> webhook = dao.find(id);
        if (webhook.isEmpty()) {
            return false;
        }
        if (webhook.get().secret() != null) {
            dao.deleteTombstone(id);
            dao.insertTombstone(id, webhook.get().secret(), now);
        }
        return dao.delete(id) > 0;
    }

    /** Stores these settings, in place of any stored. */
    public SettingsRecord storeSettings(SettingsRecord settings) {
        SettingsDao dao = settingsDao();
        if (dao.update(settings.algorithm(), settings.hashOn(), settings.stickyCookie(), settings.slowStartMs(),
                now) == 0) {
            dao.insert(settings.algorithm(), settings.hashOn(), settings.stickyCookie(), settings.slowStartMs(), now);
        }
        return dao.find().orElseThrow();
    }

    /**
     * What kind of change this is ({@code backend.create}, {@code config.apply}, ...), in a few words, and for a
     * revert or a restore the revision it went back to.
     */
    public void describe(String action, String summary, Long sourceRevision) {
        this.action = action;
        this.summary = summary;
        this.sourceRevision = sourceRevision;
    }

    /**
     * Records an item this change touched. Touching one twice keeps its first before and its last after; an item
     * that ends as it began is no change.
     */
    public void touched(Touched item) {
        String key = item.kind() + "/" + item.id();
        Touched earlier = touched.get(key);
        String before = earlier == null ? item.before() : earlier.before();
        if (Objects.equals(before, item.after())) {
            touched.remove(key);
        } else {
            touched.put(key, new Touched(item.kind(), item.id(), before, item.after()));
        }
    }

    /** What this change has touched so far, each item once. */
    public List<Touched> touched() {
        return List.copyOf(touched.values());
    }

    /** Stores the revision, if anything was touched; returns it, or null. Runs in the change's transaction. */
    Revision finish(Author author) {
        if (touched.isEmpty()) {
            return null;
        }
        if (action == null || summary == null) {
            throw new IllegalStateException("a change touched " + touched.keySet() + " without describing itself");
        }
        long number = base + 1;
        RevisionDao.RevisionRow row = new RevisionDao.RevisionRow(number, now, clip(author.name(), 64),
                clip(author.client(), 64), clip(author.requestId(), 128), clip(action, 32), clip(summary, 500),
                sourceRevision);
        RevisionDao dao = handle().attach(RevisionDao.class);
        dao.insert(row);
        List<RevisionDao.TouchedRow> rows = new ArrayList<>(touched.size());
        for (Touched item : touched.values()) {
            rows.add(new RevisionDao.TouchedRow(number, item.kind(), item.id(), item.before(), item.after()));
        }
        dao.insertTouched(rows);
        dao.moveHead(number);
        return ConfigStore.revision(row, List.copyOf(touched.values()));
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
