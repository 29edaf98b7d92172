package dev.fulcrum.webhook;

import dev.fulcrum.pool.Backend;
import java.time.Instant;

/** Where the admin API announces each change it made to a backend's settings, as a {@code changed} event. */
public interface BackendNotices {

    BackendNotices NONE = (before, after, fromState, toState, reason, at) -> {
    };

    /**
     * @param fromState the backend's state word before the change ({@code up}, {@code disabled}, ...)
     * @param toState its state word after it
     * @param reason what changed, as {@code admin: weight 1 -> 3}
     */
    void reconfigured(Backend before, Backend after, String fromState, String toState, String reason, Instant at);
}
