package dev.fulcrum.admin;

import dev.fulcrum.health.EventState;
import dev.fulcrum.health.HealthChecker;
import dev.fulcrum.health.HealthEvent;
import dev.fulcrum.health.HealthHistory;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.webhook.BackendNotices;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a committed configuration change means for the health side: a probe at once for a backend added, moved to
 * another url or enabled, and the state-change events the history shows ({@code added}, {@code removed},
 * {@code admin: disabled}, {@code admin: draining}, ...), whichever write path made the change; and each change of a
 * backend's settings announced to the webhooks as {@code changed} ({@code admin: weight 1 -> 3}).
 */
final class BackendEvents {

    private final BackendPool pool;
    private final HealthChecker checker;
    private final HealthHistory history;
    private final BackendNotices notices;
    private final TimeSource time;

    /** Each backend as routing had it before a change, and its state word then. */
    record Before(Map<Long, Backend> backends, Map<Long, EventState> states) {
    }

    BackendEvents(BackendPool pool, HealthChecker checker, HealthHistory history, BackendNotices notices,
                  TimeSource time) {
        this.pool = pool;
        this.checker = checker;
        this.history = history;
        this.notices = notices;
        this.time = time;
    }

    /** Each backend and its state word now, to compare with after a change. */
    Before states() {
        Map<Long, Backend> backends = new HashMap<>();
        Map<Long, EventState> states = new HashMap<>();
        pool.backends().forEach(backend -> {
            backends.put(backend.id(), backend);
            states.put(backend.id(), state(backend.id()));
        });
        return new Before(backends, states);
    }

    /** Probes and records what changed from {@code was} to {@code is}; {@code before} is {@link #states()} before. */
    void changed(Before before, Configuration was, Configuration is) {
        boolean probe = false;
        for (Map.Entry<Long, BackendItem> removed : was.backends().entrySet()) {
            long id = removed.getKey();
            if (!is.backends().containsKey(id)) {
                HealthEvent event = new HealthEvent(id, time.now(), before.states().getOrDefault(id, EventState.NONE),
                        EventState.REMOVED, "removed");
                Backend gone = before.backends().get(id);
                if (gone == null) {
                    history.changed(event);
                } else {
                    history.changed(event, gone);
                }
            }
        }
        List<Runnable> events = new ArrayList<>();
        for (Map.Entry<Long, BackendItem> now : is.backends().entrySet()) {
            long id = now.getKey();
            BackendItem item = now.getValue();
            BackendItem old = was.backends().get(id);
            if (old == null) {
                probe = true;
                events.add(() -> event(id, EventState.NONE, item.enabled() ? EventState.UNKNOWN : EventState.DISABLED,
                        "added"));
                continue;
            }
            probe |= !old.url().equals(item.url()) || !old.enabled() && item.enabled();
            EventState from = before.states().getOrDefault(id, EventState.NONE);
            if (old.enabled() != item.enabled() || old.draining() != item.draining()) {
                events.add(() -> {
                    EventState after = state(id);
                    if (!after.equals(from)) {
                        event(id, from, after, reason(old, item));
                    }
                });
            }
            List<String> changed = changes(old, item);
            Backend stored = before.backends().get(id);
            if (!changed.isEmpty() && stored != null) {
                events.add(() -> pool.find(id).ifPresent(after -> notices.reconfigured(stored, after, from.label(),
                        state(id).label(), "admin: " + String.join(", ", changed), time.now())));
            }
        }
        if (probe) {
            checker.checkNow();
        }
        events.forEach(Runnable::run);
    }

    /** What a change changed, as {@code weight 1 -> 3}, in the order of the backend's fields. */
    static List<String> changes(BackendItem before, BackendItem after) {
        List<String> changed = new ArrayList<>();
        change(changed, "name", before.name(), after.name());
        change(changed, "url", before.url(), after.url());
        change(changed, "weight", before.weight(), after.weight());
        change(changed, "enabled", before.enabled(), after.enabled());
        change(changed, "draining", before.draining(), after.draining());
        change(changed, "healthPath", before.healthPath(), after.healthPath());
        change(changed, "expectStatus", before.expectStatus(), after.expectStatus());
        change(changed, "interval", before.interval(), after.interval());
        return changed;
    }

    private static void change(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field + " " + before + " -> " + after);
        }
    }

    /** The state word the events use: {@code disabled}, then {@code draining}, else its health. */
    private EventState state(long id) {
        return pool.find(id).map(b -> !b.enabled() ? EventState.DISABLED : b.draining() ? EventState.DRAINING
                : EventState.of(pool.health(id).state())).orElse(EventState.NONE);
    }

    /** Why an admin change moved a backend from one state to another: what the change switched. */
    private static String reason(BackendItem old, BackendItem item) {
        List<String> switched = new ArrayList<>(2);
        if (old.enabled() != item.enabled()) {
            switched.add(item.enabled() ? "enabled" : "disabled");
        }
        if (old.draining() != item.draining()) {
            switched.add(item.draining() ? "draining" : "drain ended");
        }
        return "admin: " + String.join(", ", switched);
    }

    private void event(long id, EventState from, EventState to, String reason) {
        HealthEvent event = new HealthEvent(id, time.now(), from, to, reason);
        pool.find(id).ifPresentOrElse(backend -> history.changed(event, backend), () -> history.changed(event));
    }
}
