package dev.fulcrum.instance;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an instance is behind: the first revision it has not applied was committed more than {@link #ALLOWED} ago.
 * Changes reach every instance within two seconds when all is well, so ten seconds means it is not following them
 * (its database connection, its listener or its process is in trouble), while a change made a moment ago flags no
 * one.
 */
public final class Lag {

    public static final Duration ALLOWED = Duration.ofSeconds(10);

    private Lag() {
    }

    /**
     * @param firstUnapplied when the first revision after the one the instance applied was made; empty when it
     *                       applied the latest
     */
    public static boolean behind(Optional<Instant> firstUnapplied, Instant now) {
        return firstUnapplied.map(made -> Duration.between(made, now).compareTo(ALLOWED) > 0).orElse(false);
    }
}
