package dev.fulcrum.admin;

import dev.fulcrum.db.BackendChanges;
import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.db.BackendRepository;
import dev.fulcrum.db.NewBackend;
import dev.fulcrum.health.HealthChecker;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The control plane's write path: every change is committed to the database first, in one transaction, and only
 * then applied to the in-memory pool, which swaps in a new routing table at once. A failed write changes nothing,
 * neither stored nor routed.
 */
public final class BackendService {

    private final BackendRepository repository;
    private final BackendPool pool;
    private final HealthChecker healthChecker;

    public BackendService(BackendRepository repository, BackendPool pool, HealthChecker healthChecker) {
        this.repository = repository;
        this.pool = pool;
        this.healthChecker = healthChecker;
    }

    /** Loads the stored backends into the pool; called once at start. */
    public void loadAll() {
        pool.replaceAll(repository.list().stream().map(BackendService::toBackend).toList());
    }

    /** Adds each URL unless a backend with that URL is stored already; returns how many were added. */
    public int seed(List<URI> urls) {
        int added = 0;
        for (URI url : urls) {
            String name = dev.fulcrum.config.BackendUrls.defaultName(url);
            if (repository.addIfUrlAbsent(new NewBackend(name, url.toString(), 1, true)).isPresent()) {
                added++;
            }
        }
        return added;
    }

    public List<BackendRecord> list() {
        return repository.list();
    }

    public BackendRecord get(long id) {
        return repository.find(id).orElseThrow(() -> notFound(id));
    }

    public BackendRecord create(BackendRequests.Create request) {
        BackendRecord stored = repository.create(
                new NewBackend(request.name(), request.url().toString(), request.weight(), request.enabled()));
        pool.put(toBackend(stored));
        healthChecker.checkNow();
        return stored;
    }

    public BackendRecord update(long id, BackendRequests.Patch patch) {
        BackendRecord stored = repository.update(id, new BackendChanges(patch.name(),
                        patch.url().map(URI::toString), patch.weight(), patch.enabled()))
                .orElseThrow(() -> notFound(id));
        pool.put(toBackend(stored));
        if (patch.url().isPresent() || patch.enabled().orElse(false)) {
            healthChecker.checkNow();
        }
        return stored;
    }

    public void delete(long id) {
        if (!repository.delete(id)) {
            throw notFound(id);
        }
        pool.remove(id);
    }

    public Optional<BackendRecord> find(long id) {
        return repository.find(id);
    }

    static Backend toBackend(BackendRecord record) {
        return new Backend(record.id(), record.name(), URI.create(record.url()), record.weight(), record.enabled());
    }

    private static ApiError notFound(long id) {
        return new ApiError(404, "no backend with id " + id, "id");
    }
}
