package dev.fulcrum.admin;

import dev.fulcrum.values.BackendUrls;
import dev.fulcrum.values.Durations;
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
import dev.fulcrum.webhook.BackendNotices;
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
 *
 * <p>Each answered change is then announced: state changes as events to the {@link HealthHistory} (kept, counted,
 * and sent to webhooks as {@code added} and {@code removed}), and every change of a backend's settings to the
 * webhooks as {@code changed}.
 */
public final class BackendService {

    private final BackendRepository repository;
    private final BackendReload reload;
    private final BackendPool pool;
    private final HealthChecker healthChecker;
    private final HealthHistory history;
    private final BackendNotices notices;
    private final TimeSource time;

    public BackendService(BackendRepository repository, BackendReload reload, BackendPool pool,
                          HealthChecker healthChecker, HealthHistory history, BackendNotices notices,
                          TimeSource time) {
        this.repository = repository;
        this.reload = reload;
        this.pool = pool;
        this.healthChecker = healthChecker;
        this.history = history;
        this.notices = notices;
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
                event(toBackend(stored.get()), EventState.NONE, EventState.UNKNOWN, "added");
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
        event(toBackend(stored), EventState.NONE, stored.enabled() ? EventState.UNKNOWN : EventState.DISABLED,
                "added");
        return stored;
    }

    public BackendRecord update(long id, BackendRequests.Patch patch) {
        EventState before = liveState(id);
        Optional<Backend> was = pool.find(id);
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
        Backend now = toBackend(stored);
        if (!after.equals(before) && !(patch.enabled().isKeep() && patch.draining().isKeep())) {
            event(now, before, after, reason(patch, stored));
        }
        was.ifPresent(old -> {
            List<String> changed = changes(old, now);
            if (!changed.isEmpty()) {
                notices.reconfigured(old, now, before.label(), after.label(), "admin: " + String.join(", ", changed),
                        time.now());
            }
        });
        return stored;
    }

    public void delete(long id) {
        EventState before = liveState(id);
        Optional<Backend> was = pool.find(id);
        reload.commitThenApply(() -> {
            if (!repository.delete(id)) {
                throw ApiError.noBackend(id);
            }
            pool.remove(id);
            return null;
        });
        HealthEvent removed = new HealthEvent(id, time.now(), before, EventState.REMOVED, "removed");
        was.ifPresentOrElse(backend -> history.changed(removed, backend), () -> history.changed(removed));
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

    /** What an admin change changed, as {@code weight 1 -> 3}, in the order of the backend's fields. */
    static List<String> changes(Backend before, Backend after) {
        List<String> changed = new ArrayList<>();
        change(changed, "name", before.name(), after.name());
        change(changed, "url", before.url(), after.url());
        change(changed, "weight", before.weight(), after.weight());
        change(changed, "enabled", before.enabled(), after.enabled());
        change(changed, "draining", before.draining(), after.draining());
        change(changed, "healthPath", before.checkOverrides().path(), after.checkOverrides().path());
        change(changed, "expectStatus", before.checkOverrides().expect(), after.checkOverrides().expect());
        change(changed, "interval", before.checkOverrides().interval(), after.checkOverrides().interval());
        return changed;
    }

    private static void change(List<String> changed, String field, Object before, Object after) {
        if (!java.util.Objects.equals(before, after)) {
            changed.add(field + " " + shown(before) + " -> " + shown(after));
        }
    }

    private static String shown(Object value) {
        return value instanceof Duration d ? Durations.format(d) : String.valueOf(value);
    }

    private void event(Backend backend, EventState from, EventState to, String reason) {
        history.changed(new HealthEvent(backend.id(), time.now(), from, to, reason), backend);
    }

    static Backend toBackend(BackendRecord record) {
        CheckOverrides checks = new CheckOverrides(record.healthPath(),
                record.expectStatus() == null ? null : StatusRange.parse(record.expectStatus()),
                record.checkIntervalMs() == null ? null : Duration.ofMillis(record.checkIntervalMs()));
        return new Backend(record.id(), record.name(), URI.create(record.url()), record.weight(), record.enabled(),
                record.draining(), checks);
    }
}
