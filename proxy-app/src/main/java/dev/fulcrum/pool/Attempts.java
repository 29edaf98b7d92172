package dev.fulcrum.pool;

/**
 * The backends one client request has already been sent to, so a retry never goes to the same backend twice.
 *
 * <p>Not thread-safe: one instance belongs to one request, and the attempts of a request never overlap. Almost every
 * request is sent once, so the first backend is kept in a field and an array is made only for a retry.
 */
public final class Attempts {

    /** More tries than this are never useful: each retry goes to a different backend and the budget is small. */
    public static final int MAX = 8;

    private long first;
    /** The backends of the retries, made with the first retry. */
    private long[] retried;
    private int count;

    public void add(Backend backend) {
        if (count == 0) {
            first = backend.id();
        } else if (count < MAX) {
            if (retried == null) {
                retried = new long[MAX - 1];
            }
            retried[count - 1] = backend.id();
        } else {
            return;
        }
        count++;
    }

    public boolean contains(Backend backend) {
        long id = backend.id();
        if (count == 0) {
            return false;
        }
        if (first == id) {
            return true;
        }
        for (int i = 0; i < count - 1; i++) {
            if (retried[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** Whether the request with these attempts (null: a first attempt) was sent to this route's backend already. */
    static boolean tried(Attempts attempts, Route route) {
        return attempts != null && attempts.contains(route.backend());
    }

    public int count() {
        return count;
    }
}
