package dev.fulcrum.webhook;

import java.time.Duration;

/**
 * When a failed delivery is tried again: {@link #FIRST} after the first failure, twice as long after each next one,
 * never more than {@link #LONGEST} apart, and not after {@link #GIVE_UP_AFTER} from when the event happened, which is
 * when the last try is made.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(5);
    static final Duration LONGEST = Duration.ofHours(1);
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

    private Backoff() {
    }

    /** The wait after the {@code failures}-th failed try (1 for the first). */
    static Duration after(int failures) {
        int doublings = Math.min(30, Math.max(0, failures - 1));
        Duration wait = FIRST.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }

    /**
     * The wait after the {@code failures}-th failed try of a delivery made {@code age} ago, or null when it is to be
     * given up: the last try is due when {@link #GIVE_UP_AFTER} is reached.
     */
    static Duration next(int failures, Duration age) {
        Duration left = GIVE_UP_AFTER.minus(age);
        if (left.isNegative() || left.isZero()) {
            return null;
        }
        Duration wait = after(failures);
        return wait.compareTo(left) > 0 ? left : wait;
    }
}
