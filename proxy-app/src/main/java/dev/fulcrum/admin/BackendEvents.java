package dev.fulcrum.admin;

import dev.fulcrum.health.EventState;
import dev.fulcrum.health.HealthChecker;
import dev.fulcrum.health.HealthEvent;
import dev.fulcrum.health.HealthHistory;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.time.TimeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a committed configuration change means for the health side: a probe at once for a backend added, moved to
 * another url or enabled, and the state-change events the history shows ({@code added}, {@code removed},
 * {@code admin: disabled}, {@code admin: draining}, ...), whichever write path made the change.
 */
final class BackendEvents {

    private final BackendPool pool;
    private final HealthChecker checker;
    private final HealthHistory history;
    private final TimeSource time;

    BackendEvents(BackendPool pool, HealthChecker checker, HealthHistory history, TimeSource time) {
        this.pool = pool;
        this.checker = checker;
        this.history = history;
        this.time = time;
    }

    /** Each backend's state word now, to compare with after a change. */
    Map<Long, EventState> states() {
        Map<Long, EventState> states = new HashMap<>();
        pool.backends().forEach(backend -> states.put(backend.id(), state(backend.id())));
        return states;
    }

    /** Probes and records what changed from {@code was} to {@code is}; {@code before} is {@link #states()} before. */
    void changed(Map<Long, EventState> before, Configuration was, Configuration is) {
        boolean probe = false;
        for (Map.Entry<Long, BackendItem> removed : was.backends().entrySet()) {
            if (!is.backends().containsKey(removed.getKey())) {
                event(removed.getKey(), before.getOrDefault(removed.getKey(), EventState.NONE), EventState.REMOVED,
                        "removed");
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
            if (old.enabled() != item.enabled() || old.draining() != item.draining()) {
                events.add(() -> {
                    EventState after = state(id);
                    EventState from = before.getOrDefault(id, EventState.NONE);
                    if (!after.equals(from)) {
                        event(id, from, after, reason(old, item));
                    }
                });
            }
        }
        if (probe) {
            checker.checkNow();
        }
        events.forEach(Runnable::run);
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
        history.changed(new HealthEvent(id, time.now(), from, to, reason));
    }
}
