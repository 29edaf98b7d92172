package dev.fulcrum.admin;

import dev.fulcrum.db.Author;
import dev.fulcrum.db.BackendChanges;
import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.db.BackendRepository;
import dev.fulcrum.db.ConfigStore;
import dev.fulcrum.db.NewBackend;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.CheckOverrides;
import dev.fulcrum.pool.StatusRange;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Backends read and changed through the API. Each change goes through the {@link ConfigWriter}: committed with its
 * revision to stable storage first, then applied to the in-memory pool, which swaps in a new routing table at once.
 * A failed write is never applied ({@link BackendReload}). A change of one backend is refused when the backend changed
 * since the client read it ({@code If-Match}: 412) or on another instance a moment ago (409), as
 * {@link ItemCondition} says.
 */
public final class BackendService {

    /** A backend and its version: the latest revision that touched it, its {@code ETag}. */
    record Versioned(BackendRecord backend, long version) {
    }

    private final BackendRepository repository;
    private final ConfigStore store;
    private final BackendReload reload;
    private final ConfigWriter writer;

    public BackendService(BackendRepository repository, ConfigStore store, BackendReload reload,
                          ConfigWriter writer) {
        this.repository = repository;
        this.store = store;
        this.reload = reload;
        this.writer = writer;
    }

    /** Loads the stored backends into the pool; called once at start. */
    public void loadAll() {
        reload.reload();
    }

    public List<BackendRecord> list() {
        return repository.list();
    }

    public BackendRecord get(long id) {
        return repository.find(id).orElseThrow(() -> ApiError.noBackend(id));
    }

    /** The backend with its version, read together. */
    Versioned getVersioned(long id) {
        return store.read(read -> read.backend(id).map(b -> new Versioned(b, read.lastTouching(BackendItem.KIND, id))))
                .value().orElseThrow(() -> ApiError.noBackend(id));
    }

    public BackendRecord create(Author author, BackendRequests.Create request) {
        NewBackend backend = new NewBackend(request.name(), request.url().toString(), request.weight(),
                request.enabled(), request.healthPath(),
                request.expectStatus() == null ? null : request.expectStatus().toString(),
                request.interval() == null ? null : (int) request.interval().toMillis());
        return writer.write(author, null, ConfigWriter.Description.of("backend.create"),
                (change, before) -> change.createBackend(backend)).value();
    }

    public BackendRecord update(Author author, long id, BackendRequests.Patch patch) {
        return update(author, id, null, patch).backend();
    }

    /** @param ifMatch the version the client read, or null for none */
    Versioned update(Author author, long id, Long ifMatch, BackendRequests.Patch patch) {
        BackendChanges changes = new BackendChanges(patch.name(), patch.url().map(URI::toString), patch.weight(),
                patch.enabled(), patch.draining(), patch.healthPath(), patch.expectStatus().map(StatusRange::toString),
                patch.interval().map(d -> (int) d.toMillis()));
        ConfigWriter.Written<Versioned> written = writer.write(author, null, ConfigWriter.Description.of(
                action(patch)), (change, before) -> {
                    long version = writer.requireCurrent(change, BackendItem.KIND, id, "backend " + id, ifMatch);
                    return new Versioned(change.updateBackend(id, changes).orElseThrow(() -> ApiError.noBackend(id)),
                            version);
                });
        Versioned updated = written.value();
        return written.revision() == null ? updated : new Versioned(updated.backend(), written.revision().number());
    }

    /** @param ifMatch the version the client read, or null for none */
    public void delete(Author author, long id, Long ifMatch) {
        writer.write(author, null, ConfigWriter.Description.of("backend.delete"), (change, before) -> {
            writer.requireCurrent(change, BackendItem.KIND, id, "backend " + id, ifMatch);
            if (!change.deleteBackend(id)) {
                throw ApiError.noBackend(id);
            }
            return null;
        });
    }

    /** What the history calls a change: a drain, an enable, ... when that is all it does; else an update. */
    private static String action(BackendRequests.Patch patch) {
        boolean onlyDraining = patch.name().isKeep() && patch.url().isKeep() && patch.weight().isKeep()
                && patch.healthPath().isKeep() && patch.expectStatus().isKeep() && patch.interval().isKeep();
        if (onlyDraining && patch.enabled().isKeep()) {
            return patch.draining().isSetTo(true) ? "backend.drain" : "backend.undrain";
        }
        if (onlyDraining && patch.draining().isKeep()) {
            return patch.enabled().isSetTo(true) ? "backend.enable" : "backend.disable";
        }
        return "backend.update";
    }

    static Backend toBackend(BackendRecord record) {
        CheckOverrides checks = new CheckOverrides(record.healthPath(),
                record.expectStatus() == null ? null : StatusRange.parse(record.expectStatus()),
                record.checkIntervalMs() == null ? null : Duration.ofMillis(record.checkIntervalMs()));
        return new Backend(record.id(), record.name(), URI.create(record.url()), record.weight(), record.enabled(),
                record.draining(), checks);
    }
}
