package dev.fulcrum.proxy;

import dev.fulcrum.pool.Attempts;
import java.time.Duration;

/**
 * How far Fulcrum goes to hide a failed backend from the client.
 *
 * @param maxRetries extra tries per request after the first, each on a backend the request has not tried
 * @param budgetPercent retries may add at most this share to the requests of the last {@link #BUDGET_WINDOW}
 * @param idempotentWrites whether PUT and DELETE count as idempotent, so that a backend that timed out or dropped
 *     the connection after receiving one may see it again on another backend
 * @param replayBuffer bytes of a request body kept in memory so that it can be sent again to another backend; a
 *     longer body is streamed on past this and its request is not retried once that happened
 */
public record RetrySettings(int maxRetries, int budgetPercent, boolean idempotentWrites, int replayBuffer) {

    /** The window over which the retry budget counts requests and retries, as in Finagle's RetryBudget. */
    public static final Duration BUDGET_WINDOW = Duration.ofSeconds(10);

    /** Retries allowed per second whatever the traffic, so that light traffic always gets its retries. */
    public static final int BUDGET_FLOOR_PER_SECOND = 10;

    /** One attempt plus this many retries is as many backends as a request remembers having tried. */
    public static final int MAX_RETRIES = Attempts.MAX - 1;

    /** As much of a body as HAProxy's default buffer and more than most API requests carry, per request in flight. */
    public static final int DEFAULT_REPLAY_BUFFER = 64 * 1024;

    /** The most {@code --max-replay-body} may be: every request in flight may hold this much. */
    public static final int MAX_REPLAY_BUFFER = 16 * 1024 * 1024;

    public static final RetrySettings DEFAULTS = new RetrySettings(2, 20, false);

    /** With the default replay buffer. */
    public RetrySettings(int maxRetries, int budgetPercent, boolean idempotentWrites) {
        this(maxRetries, budgetPercent, idempotentWrites, DEFAULT_REPLAY_BUFFER);
    }

    public RetrySettings {
        if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
            throw new IllegalArgumentException("retries must be between 0 and " + MAX_RETRIES + ", not "
                    + maxRetries);
        }
        if (budgetPercent < 0 || budgetPercent > 100) {
            throw new IllegalArgumentException("retry budget must be between 0 and 100 (percent), not "
                    + budgetPercent);
        }
        if (replayBuffer < 0 || replayBuffer > MAX_REPLAY_BUFFER) {
            throw new IllegalArgumentException("max replay body must be between 0 and 16MB, not " + replayBuffer
                    + " bytes");
        }
    }
}
