package dev.fulcrum.health;

import dev.fulcrum.pool.Backend;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets live traffic eject a backend before the active checker notices: {@code after} consecutive connect failures or
 * timeouts to one backend hand it to the {@link Ejector}.
 *
 * <p>Called on request threads: a success costs a map update only while some backend has failures counted.
 */
public final class PassiveHealthCheck {

    /** Takes a backend out of rotation; must return at once. */
    public interface Ejector {
        void eject(Backend backend, int consecutiveFailures);
    }

    private final int after;
    private final Ejector ejector;
    private final ConcurrentHashMap<Long, AtomicInteger> failures = new ConcurrentHashMap<>();

    public PassiveHealthCheck(int after, Ejector ejector) {
        this.after = after;
        this.ejector = ejector;
    }

    public void failed(Backend backend) {
        AtomicInteger count = failures.computeIfAbsent(backend.id(), id -> new AtomicInteger());
        int n = count.incrementAndGet();
        if (n == after) {
            count.set(0);
            ejector.eject(backend, n);
        }
    }

    public void succeeded(Backend backend) {
        if (!failures.isEmpty()) {
            failures.remove(backend.id());
        }
    }
}
