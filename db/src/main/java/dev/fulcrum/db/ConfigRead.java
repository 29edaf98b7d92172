package dev.fulcrum.db;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The configuration (backends, balancer settings, webhooks) and its history as one transaction sees it; valid only inside
 * the {@link ConfigStore} call that hands it out. A change reads here under the lock every change takes first, so
 * what it reads (a revision's later changes, say) stays true until it commits. Further kinds of configuration add
 * their reads here, or take {@link #handle()} from within this package.
 */
public class ConfigRead {

    private final Handle handle;

    ConfigRead(Handle handle) {
        this.handle = handle;
    }

    public List<BackendRecord> backends() {
        return backendDao().list();
    }

    public Optional<BackendRecord> backend(long id) {
        return backendDao().find(id);
    }

    /** The stored settings; empty before the first start stored any. */
    public Optional<SettingsRecord> settings() {
        return settingsDao().find();
    }

    /** A stored revision with what it touched; empty when there is none of this number (or it was pruned). */
    public Optional<Revision> revision(long number) {
        RevisionDao dao = revisionDao();
        return dao.find(number).map(row -> ConfigStore.withTouched(dao, List.of(row)).get(0));
    }

    /** Every item touched after revision {@code after}, in the order of the revisions that touched them. */
    public List<ConfigStore.RevisionItem> touchedAfter(long after) {
        return revisionDao().touchedAfter(after).stream()
                .map(row -> new ConfigStore.RevisionItem(row.revision(), row.touched())).toList();
    }

    /**
     * The latest revision that touched this item (a backend, the settings), or 0 when none that is still kept did:
     * the version of one item, as {@code ETag}s and the check against changes made on a stale view use it.
     */
    public long lastTouching(String kind, long id) {
        return revisionDao().lastTouching(kind, id).orElse(0L);
    }

    public Optional<WebhookRecord> webhook(long id) {
        return webhookDao().find(id);
    }

    public List<WebhookRecord> webhooks() {
        return webhookDao().list();
    }

    /** The secret a removed webhook had, kept while a revision still touches it; empty if it had none. */
    public Optional<String> removedWebhookSecret(long id) {
        return webhookDao().tombstone(id);
    }

    /** The transaction, for the repositories of this package to run their own SQL in it. */
    Handle handle() {
        return handle;
    }

    BackendDao backendDao() {
        return handle.attach(BackendDao.class);
    }

    RevisionDao revisionDao() {
        return handle.attach(RevisionDao.class);
    }

    WebhookDao webhookDao() {
        return handle.attach(WebhookDao.class);
    }

    SettingsDao settingsDao() {
        return handle.attach(SettingsDao.class);
    }
}
