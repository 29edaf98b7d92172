package dev.fulcrum.pool;

/**
 * The backends one client request has already been sent to, so a retry never goes to the same backend twice.
 *
 * <p>Not thread-safe: one instance belongs to one request, and the attempts of a request never overlap.
 */
public final class Attempts {

    /** More tries than this are never useful: each retry goes to a different backend and the budget is small. */
    public static final int MAX = 8;

    private final long[] ids = new long[MAX];
    private int count;

    public void add(Backend backend) {
        if (count < MAX) {
            ids[count++] = backend.id();
        }
    }

    public boolean contains(Backend backend) {
        long id = backend.id();
        for (int i = 0; i < count; i++) {
            if (ids[i] == id) {
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
