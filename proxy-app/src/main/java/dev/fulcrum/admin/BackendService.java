package dev.fulcrum.admin;

import dev.fulcrum.values.BackendUrls;
import dev.fulcrum.db.BackendChanges;
import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.db.BackendRepository;
import dev.fulcrum.db.NewBackend;
import dev.fulcrum.health.EventState;
import dev.fulcrum.health.HealthChecker;
import dev.fulcrum.health.HealthEvent;
import dev.fulcrum.health.HealthHistory;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.pool.CheckOverrides;
import dev.fulcrum.pool.StatusRange;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The control plane's write path: every change is committed to the database first, in one transaction that is on
 * stable storage when it returns, and only then applied to the in-memory pool, which swaps in a new routing table at
 * once. A failed write is never applied; the pool is then reloaded from the database ({@link BackendReload}), so that
 * routing and the API agree with what is stored.
 */
public final class BackendService {

    private final BackendRepository repository;
    private final BackendReload reload;
    private final BackendPool pool;
    private final HealthChecker healthChecker;
    private final HealthHistory history;
    private final TimeSource time;

    public BackendService(BackendRepository repository, BackendReload reload, BackendPool pool,
                          HealthChecker healthChecker, HealthHistory history, TimeSource time) {
        this.repository = repository;
        this.reload = reload;
        this.pool = pool;
        this.healthChecker = healthChecker;
        this.history = history;
        this.time = time;
    }

    /** Loads the stored backends into the pool; called once at start. */
    public void loadAll() {
        reload.reload();
    }

    /** Adds each URL unless a backend with that URL is stored already; returns how many were added. */
    public int seed(List<URI> urls) {
        int added = 0;
        for (URI url : urls) {
            String name = BackendUrls.defaultName(url);
            Optional<BackendRecord> stored = repository.addIfUrlAbsent(new NewBackend(name, url.toString(), 1, true));
            if (stored.isPresent()) {
                event(stored.get().id(), EventState.NONE, EventState.UNKNOWN, "added");
                added++;
            }
        }
        return added;
    }

    public List<BackendRecord> list() {
        return repository.list();
    }

    public BackendRecord get(long id) {
        return repository.find(id).orElseThrow(() -> ApiError.noBackend(id));
    }

    public BackendRecord create(BackendRequests.Create request) {
        BackendRecord stored = reload.commitThenApply(() -> {
            BackendRecord created = repository.create(new NewBackend(request.name(), request.url().toString(),
                    request.weight(), request.enabled(), request.healthPath(),
                    request.expectStatus() == null ? null : request.expectStatus().toString(),
                    request.interval() == null ? null : (int) request.interval().toMillis()));
            pool.put(toBackend(created));
            return created;
        });
        healthChecker.checkNow();
        event(stored.id(), EventState.NONE, stored.enabled() ? EventState.UNKNOWN : EventState.DISABLED, "added");
        return stored;
    }

    public BackendRecord update(long id, BackendRequests.Patch patch) {
        EventState before = liveState(id);
        BackendRecord stored = reload.commitThenApply(() -> {
            BackendRecord changed = repository.update(id, new BackendChanges(patch.name(),
                            patch.url().map(URI::toString), patch.weight(), patch.enabled(), patch.draining(),
                            patch.healthPath(), patch.expectStatus().map(StatusRange::toString),
                            patch.interval().map(d -> (int) d.toMillis())))
                    .orElseThrow(() -> ApiError.noBackend(id));
            pool.put(toBackend(changed));
            return changed;
        });
        if (!patch.url().isKeep() || patch.enabled().isSetTo(true)) {
            healthChecker.checkNow();
        }
        EventState after = liveState(id);
        if (!after.equals(before) && !(patch.enabled().isKeep() && patch.draining().isKeep())) {
            event(id, before, after, reason(patch, stored));
        }
        return stored;
    }

    public void delete(long id) {
        EventState before = liveState(id);
        reload.commitThenApply(() -> {
            if (!repository.delete(id)) {
                throw ApiError.noBackend(id);
            }
            pool.remove(id);
            return null;
        });
        event(id, before, EventState.REMOVED, "removed");
    }

    /** The state word the events use: {@code disabled}, then {@code draining}, else its health. */
    private EventState liveState(long id) {
        return pool.find(id).map(b -> !b.enabled() ? EventState.DISABLED : b.draining() ? EventState.DRAINING
                : EventState.of(pool.health(id).state())).orElse(EventState.NONE);
    }

    /** Why an admin change moved a backend from one state to another: what the change switched. */
    private static String reason(BackendRequests.Patch patch, BackendRecord stored) {
        List<String> switched = new ArrayList<>(2);
        if (!patch.enabled().isKeep()) {
            switched.add(stored.enabled() ? "enabled" : "disabled");
        }
        if (!patch.draining().isKeep()) {
            switched.add(stored.draining() ? "draining" : "drain ended");
        }
        return "admin: " + String.join(", ", switched);
    }

    private void event(long id, EventState from, EventState to, String reason) {
        history.changed(new HealthEvent(id, time.now(), from, to, reason));
    }

    static Backend toBackend(BackendRecord record) {
        CheckOverrides checks = new CheckOverrides(record.healthPath(),
                record.expectStatus() == null ? null : StatusRange.parse(record.expectStatus()),
                record.checkIntervalMs() == null ? null : Duration.ofMillis(record.checkIntervalMs()));
        return new Backend(record.id(), record.name(), URI.create(record.url()), record.weight(), record.enabled(),
                record.draining(), checks);
    }
}
