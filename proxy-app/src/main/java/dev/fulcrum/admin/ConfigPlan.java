package dev.fulcrum.admin;

import java.util.List;

/**
 * What applying a configuration does, item by item, and what to look at twice. The answer of a plan, where
 * {@code revision} is the revision it was made against (send it as {@code If-Match} to apply exactly this), and of an
 * apply, a revert or a restore, where it is the revision now in force: the new one, or the same when nothing changed.
 */
public record ConfigPlan(long revision, List<ItemChange> added, List<ItemChange> changed, List<ItemChange> removed,
                         List<String> warnings) {

    boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }
}
