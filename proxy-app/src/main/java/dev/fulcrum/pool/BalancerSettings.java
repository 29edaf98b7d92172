package dev.fulcrum.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * How traffic is spread: the algorithm, what {@code hash} hashes, the sticky cookie and slow start. Stored in the
 * database and changed at run time; the {@link BackendPool} builds every routing table with the current settings, so a
 * change reaches traffic with the next table.
 *
 * @param hashOn the key {@link Algorithm#HASH} hashes; required with it, kept (and unused) with the others
 * @param stickyCookie the cookie that binds a client to the backend that served it, or null for none
 * @param slowStart how long a backend that becomes routable takes to ramp up to its full weight, or null for at once
 */
public record BalancerSettings(Algorithm algorithm, HashOn hashOn, String stickyCookie, Duration slowStart) {

    public static final BalancerSettings DEFAULTS = new BalancerSettings(Algorithm.ROUND_ROBIN, null, null, null);

    public static final Duration MIN_SLOW_START = Duration.ofSeconds(1);
    public static final Duration MAX_SLOW_START = Duration.ofHours(1);

    public BalancerSettings {
        Objects.requireNonNull(algorithm, "algorithm");
        if (algorithm == Algorithm.HASH && hashOn == null) {
            throw new IllegalArgumentException(hashNeedsKey());
        }
        if (stickyCookie != null) {
            HashOn.checkToken(stickyCookie, "stickyCookie");
        }
        if (slowStart != null) {
            checkSlowStart(slowStart, "slowStart");
        }
    }

    /** Why {@code hash} without {@code hashOn} is refused, in the words every caller uses. */
    public static String hashNeedsKey() {
        return "algorithm hash needs hashOn: header:NAME, cookie:NAME, client-ip or path";
    }

    /** The slow-start window if it lies within 1 s to 1 h; the refusal calls it {@code name}. */
    public static Duration checkSlowStart(Duration slowStart, String name) {
        if (slowStart.compareTo(MIN_SLOW_START) < 0 || slowStart.compareTo(MAX_SLOW_START) > 0) {
            throw new IllegalArgumentException(name + " must be between 1s and 1h");
        }
        return slowStart;
    }
}
