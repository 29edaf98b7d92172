package dev.fulcrum.db;

import java.time.Instant;
import java.util.List;

/**
 * A stored revision: one configuration change, numbered by the database in commit order, with who made it, what
 * kind of change it was ({@code action}, e.g. {@code backend.update}) and in words ({@code summary}), and every item
 * it touched with its JSON before and after.
 *
 * @param sourceRevision the revision a revert undid or a restore went back to; null for any other change
 */
public record Revision(long number, Instant madeAt, String author, String client, String requestId, String action,
                       String summary, Long sourceRevision, List<Touched> touched) {

    public Revision {
        touched = List.copyOf(touched);
    }
}
